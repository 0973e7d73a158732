{{/* The SMTP relay (ConfigMap data). */}}
{{- define "zp-reg.smtpConfig" -}}
QUARKUS_MAILER_HOST: {{ .Values.smtp.host | quote }}
QUARKUS_MAILER_PORT: {{ .Values.smtp.port | quote }}
QUARKUS_MAILER_FROM: {{ .Values.smtp.from | quote }}
QUARKUS_MAILER_START_TLS: {{ .Values.smtp.startTls | quote }}
QUARKUS_MAILER_TLS: {{ .Values.smtp.tls | quote }}
{{- end }}

{{/* SMTP credentials from their Secret. */}}
{{- define "zp-reg.smtpEnv" -}}
{{- with .Values.smtp.credentialsSecret }}
{{- if .name }}
- name: QUARKUS_MAILER_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .name }}
      key: {{ .usernameKey }}
- name: QUARKUS_MAILER_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .name }}
      key: {{ .passwordKey }}
{{- end }}
{{- end }}
{{- end }}

{{- define "zp-reg.egressSmtp" -}}
{{- $rule := dict "ports" (list (dict "protocol" "TCP" "port" .Values.smtp.port)) }}
{{- with .Values.global.zeropin.networkPolicy.egress.smtp.to }}
{{- $_ := set $rule "to" . }}
{{- end }}
{{- toYaml (list $rule) }}
{{- end }}
