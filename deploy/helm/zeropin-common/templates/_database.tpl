{{/* The service's PostgreSQL database: URLs and TLS (ConfigMap data). */}}
{{- define "zp-common.databaseConfig" -}}
{{- $db := .Values.database }}
{{- if and (has $db.sslMode (list "verify-ca" "verify-full")) (not $db.caSecret.name) }}
{{- fail "database.caSecret.name is required with sslMode verify-ca and verify-full: the reactive PostgreSQL client verifies against that CA only" }}
{{- end }}
{{- $params := list }}
{{- if ne $db.sslMode "disable" }}
{{- $params = append $params (printf "sslmode=%s" $db.sslMode) }}
{{- if $db.caSecret.name }}
{{- $params = append $params (printf "sslrootcert=/etc/zeropin/db-ca/%s" $db.caSecret.key) }}
{{- end }}
{{- end }}
{{- with $db.jdbcParameters }}
{{- $params = append $params . }}
{{- end }}
ZEROPIN_DB_JDBC_URL: {{ printf "jdbc:postgresql://%s:%v/%s%s" $db.host $db.port $db.name (ternary (printf "?%s" (join "&" $params)) "" (gt (len $params) 0)) | quote }}
ZEROPIN_DB_REACTIVE_URL: {{ printf "postgresql://%s:%v/%s" $db.host $db.port $db.name | quote }}
{{- if not $db.credentialsSecret.usernameKey }}
ZEROPIN_DB_USERNAME: {{ $db.username | quote }}
{{- end }}
QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE: {{ $db.sslMode | quote }}
{{- if eq $db.sslMode "require" }}
QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL: "true"
{{- end }}
{{- if and (has $db.sslMode (list "verify-ca" "verify-full")) $db.caSecret.name }}
QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM: "true"
QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS: {{ printf "/etc/zeropin/db-ca/%s" $db.caSecret.key | quote }}
{{- end }}
{{- if eq $db.sslMode "verify-full" }}
QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM: "HTTPS"
{{- end }}
{{- end }}

{{- define "zp-common.databaseSecretName" -}}
{{- .Values.database.credentialsSecret.name | default (printf "%s-db" (include "zp-common.fullname" .)) }}
{{- end }}

{{/* Database credentials from their Secret. */}}
{{- define "zp-common.databaseEnv" -}}
{{- $s := .Values.database.credentialsSecret }}
{{- if $s.usernameKey }}
- name: ZEROPIN_DB_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "zp-common.databaseSecretName" . }}
      key: {{ $s.usernameKey }}
{{- end }}
- name: ZEROPIN_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "zp-common.databaseSecretName" . }}
      key: {{ $s.passwordKey }}
{{- end }}

{{- define "zp-common.databaseVolumes" -}}
{{- $db := .Values.database }}
{{- if and (ne $db.sslMode "disable") $db.caSecret.name }}
- name: db-ca
  secret:
    secretName: {{ $db.caSecret.name }}
    defaultMode: 0444
    items:
      - key: {{ $db.caSecret.key }}
        path: {{ $db.caSecret.key }}
{{- end }}
{{- end }}

{{- define "zp-common.databaseVolumeMounts" -}}
{{- $db := .Values.database }}
{{- if and (ne $db.sslMode "disable") $db.caSecret.name }}
- name: db-ca
  mountPath: /etc/zeropin/db-ca
  readOnly: true
{{- end }}
{{- end }}

{{- define "zp-common.egressPostgresql" -}}
{{- $rule := dict "ports" (list (dict "protocol" "TCP" "port" .Values.database.port)) }}
{{- with .Values.global.zeropin.networkPolicy.egress.postgresql.to }}
{{- $_ := set $rule "to" . }}
{{- end }}
{{- toYaml (list $rule) }}
{{- end }}
