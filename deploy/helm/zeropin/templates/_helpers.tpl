{{/* Helpers of the umbrella chart; names start with "zeropin." (named templates are global). */}}

{{- define "zeropin.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: zeropin
{{- end }}

{{/* The key Secret a service chart mounts: its keys.existingSecret, else <fullname>-keys. Argument: (list $ "chart-name"). */}}
{{- define "zeropin.keysSecretName" -}}
{{- $root := index . 0 }}
{{- $chart := index . 1 }}
{{- $values := index $root.Values $chart | default dict }}
{{- $existing := dig "keys" "existingSecret" "" $values }}
{{- if $existing }}
{{- $existing }}
{{- else }}
{{- $fullname := dig "fullnameOverride" "" $values | default (printf "%s-%s" $root.Release.Name (dig "nameOverride" "" $values | default $chart)) }}
{{- printf "%s-keys" ($fullname | trunc 63 | trimSuffix "-") }}
{{- end }}
{{- end }}

{{- define "zeropin.adminSigningSecretName" -}}
{{- printf "%s-admin-signing-key" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "zeropin.keygenName" -}}
{{- printf "%s-zeropin-keygen" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "zeropin.keygenImage" -}}
{{- $g := .Values.global.zeropin.image }}
{{- $repository := .Values.keys.generate.image.repository }}
{{- if $g.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $g.registry) $repository }}
{{- end }}
{{- printf "%s:%s" $repository (.Values.keys.generate.image.tag | default $g.tag | default .Chart.AppVersion) }}
{{- end }}
