{{/*
Helpers shared by the three service charts (otp-service, radius-gateway, registration-service), each
of which depends on this library chart. They are rendered in the including chart's context, so
.Chart.Name is that chart's name. Every name starts with "zp-common." because named templates are
global across the umbrella chart and its subcharts.
*/}}

{{- define "zp-common.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart>, so that the other charts of a release can find this one by name. */}}
{{- define "zp-common.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "zp-common.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "zp-common.selectorLabels" -}}
app.kubernetes.io/name: {{ include "zp-common.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "zp-common.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "zp-common.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: zeropin
app.kubernetes.io/component: {{ get (dict "otp-service" "otp" "radius-gateway" "radius" "registration-service" "registration") .Chart.Name | default .Chart.Name }}
{{- end }}

{{- define "zp-common.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "zp-common.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* registry/repository:tag, with -native for native images. */}}
{{- define "zp-common.image" -}}
{{- $g := .Values.global.zeropin.image }}
{{- $repository := .Values.image.repository }}
{{- if $g.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $g.registry) $repository }}
{{- end }}
{{- $tag := .Values.image.tag | default $g.tag | default .Chart.AppVersion }}
{{- if eq $g.variant "native" }}
{{- $tag = printf "%s-native" $tag }}
{{- end }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{- define "zp-common.otpPublicUrl" -}}
{{- .Values.global.zeropin.otpPublicUrl | default .Values.global.zeropin.publicUrl }}
{{- end }}

{{/* Pod security context: non-root, RuntimeDefault seccomp, fsGroup so that Secret files are readable at 0440. */}}
{{- define "zp-common.podSecurityContext" -}}
{{- $user := .Values.global.zeropin.podSecurity.runAsUser }}
{{- if eq (toString $user) "auto" }}
{{- $user = ternary 1001 185 (eq .Values.global.zeropin.image.variant "native") }}
{{- end }}
runAsNonRoot: true
{{- if ne (toString $user) "none" }}
runAsUser: {{ $user }}
runAsGroup: {{ $user }}
fsGroup: {{ $user }}
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "zp-common.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop:
    - ALL
{{- end }}

{{/* Liveness, readiness and start-up probes on the SmallRye Health endpoints. */}}
{{- define "zp-common.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: 2
  timeoutSeconds: 2
  failureThreshold: 90
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{/* Preferred spreading over nodes and zones unless the values replace it. */}}
{{- define "zp-common.scheduling" -}}
{{- if .Values.affinity }}
affinity:
  {{- toYaml .Values.affinity | nindent 2 }}
{{- else if .Values.topologySpread.enabled }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "zp-common.selectorLabels" . | nindent 14 }}
{{- end }}
{{- if .Values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml .Values.topologySpreadConstraints | nindent 2 }}
{{- else if .Values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "zp-common.selectorLabels" . | nindent 8 }}
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "zp-common.selectorLabels" . | nindent 8 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end }}

{{/* Non-secret Kafka settings (ConfigMap data). Quarkus passes every KAFKA_* variable to the clients as a kafka.* property. */}}
{{- define "zp-common.kafkaConfig" -}}
{{- $k := .Values.global.zeropin.kafka }}
ZEROPIN_KAFKA_BOOTSTRAP_SERVERS: {{ $k.bootstrapServers | quote }}
ZEROPIN_KAFKA_CREATE_TOPICS: {{ $k.topics.create | quote }}
ZEROPIN_KAFKA_PARTITIONS: {{ $k.topics.partitions | quote }}
ZEROPIN_KAFKA_REPLICATION_FACTOR: {{ $k.topics.replicationFactor | quote }}
KAFKA_SECURITY_PROTOCOL: {{ $k.securityProtocol | quote }}
{{- if hasSuffix "SSL" $k.securityProtocol }}
{{- if $k.tls.caSecret.name }}
KAFKA_SSL_TRUSTSTORE_TYPE: "PEM"
KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "/etc/zeropin/kafka-ca/%s" $k.tls.caSecret.key | quote }}
{{- end }}
{{- if $k.tls.clientCertSecret.name }}
KAFKA_SSL_KEYSTORE_TYPE: "PEM"
{{- end }}
{{- end }}
{{- if hasPrefix "SASL" $k.securityProtocol }}
KAFKA_SASL_MECHANISM: {{ $k.sasl.mechanism | quote }}
{{- end }}
{{- range $name, $value := $k.properties }}
{{ printf "KAFKA_%s" ($name | upper | replace "." "_" | replace "-" "_") }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* Secret Kafka settings: environment variables that reference Secrets (never their content). */}}
{{- define "zp-common.kafkaEnv" -}}
{{- $k := .Values.global.zeropin.kafka }}
{{- if hasPrefix "SASL" $k.securityProtocol }}
{{- $s := $k.sasl.credentialsSecret }}
{{- if not $s.name }}
{{- fail "global.zeropin.kafka.sasl.credentialsSecret.name is required with a SASL security protocol" }}
{{- end }}
{{- if $s.jaasConfigKey }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ $s.name }}
      key: {{ $s.jaasConfigKey }}
{{- else }}
{{- $module := "org.apache.kafka.common.security.scram.ScramLoginModule" }}
{{- if eq $k.sasl.mechanism "PLAIN" }}
{{- $module = "org.apache.kafka.common.security.plain.PlainLoginModule" }}
{{- else if eq $k.sasl.mechanism "OAUTHBEARER" }}
{{- fail "global.zeropin.kafka.sasl.credentialsSecret.jaasConfigKey is required with OAUTHBEARER" }}
{{- end }}
- name: ZEROPIN_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $s.name }}
      key: {{ $s.usernameKey }}
- name: ZEROPIN_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $s.name }}
      key: {{ $s.passwordKey }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(ZEROPIN_SASL_USERNAME)\" password=\"$(ZEROPIN_SASL_PASSWORD)\";" $module | quote }}
{{- end }}
{{- end }}
{{- if and (hasSuffix "SSL" $k.securityProtocol) $k.tls.clientCertSecret.name }}
- name: KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.clientCertSecret.name }}
      key: {{ $k.tls.clientCertSecret.certKey }}
- name: KAFKA_SSL_KEYSTORE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.clientCertSecret.name }}
      key: {{ $k.tls.clientCertSecret.keyKey }}
{{- end }}
{{- end }}

{{- define "zp-common.kafkaVolumes" -}}
{{- $k := .Values.global.zeropin.kafka }}
{{- if and (hasSuffix "SSL" $k.securityProtocol) $k.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ $k.tls.caSecret.name }}
    defaultMode: 0444
    items:
      - key: {{ $k.tls.caSecret.key }}
        path: {{ $k.tls.caSecret.key }}
{{- end }}
{{- end }}

{{- define "zp-common.kafkaVolumeMounts" -}}
{{- $k := .Values.global.zeropin.kafka }}
{{- if and (hasSuffix "SSL" $k.securityProtocol) $k.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/zeropin/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{/* Client addresses behind the ingress controller. */}}
{{- define "zp-common.httpConfig" -}}
{{- $h := .Values.global.zeropin.http }}
{{- /* Without trusted proxies Quarkus would believe X-Forwarded-For from anyone: no forwarding then. */}}
{{- if and $h.proxyAddressForwarding $h.trustedProxies }}
QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING: "true"
QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED: "true"
QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: {{ join "," $h.trustedProxies | quote }}
{{- end }}
{{- end }}

{{- define "zp-common.javaConfig" -}}
{{- if ne .Values.global.zeropin.image.variant "native" }}
JAVA_OPTS_APPEND: {{ printf "-Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djava.io.tmpdir=/tmp %s" .Values.javaOptions | trim | quote }}
{{- end }}
{{- range $name, $value := .Values.config }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* The broker ports for the egress policy: explicit, or those of bootstrapServers. */}}
{{- define "zp-common.kafkaPorts" -}}
{{- $k := .Values.global.zeropin.kafka }}
{{- $ports := .Values.global.zeropin.networkPolicy.egress.kafka.ports }}
{{- if not $ports }}
{{- range $server := splitList "," $k.bootstrapServers }}
{{- $port := regexFind "[0-9]+$" (trim $server) }}
{{- if and $port (not (has (atoi $port) $ports)) }}
{{- $ports = append $ports (atoi $port) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $ports }}
{{- end }}

{{/* Egress rules every service needs: cluster DNS and the Kafka brokers (a YAML list). */}}
{{- define "zp-common.egressDnsKafka" -}}
{{- $np := .Values.global.zeropin.networkPolicy }}
{{- $dns := dict "to" $np.dnsPeers "ports" (list (dict "protocol" "UDP" "port" 53) (dict "protocol" "TCP" "port" 53)) }}
{{- $kafkaPorts := list }}
{{- range (include "zp-common.kafkaPorts" . | fromJsonArray) }}
{{- $kafkaPorts = append $kafkaPorts (dict "protocol" "TCP" "port" .) }}
{{- end }}
{{- $kafka := dict "ports" $kafkaPorts }}
{{- with $np.egress.kafka.to }}
{{- $_ := set $kafka "to" . }}
{{- end }}
{{- toYaml (list $dns $kafka) }}
{{- end }}
