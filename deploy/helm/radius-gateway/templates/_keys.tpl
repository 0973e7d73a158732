{{/* Key files of radius-gateway: one Secret, only these items, mounted read-only under /etc/zeropin/keys. */}}
{{- define "zp-gw.keysSecretName" -}}
{{- .Values.keys.existingSecret | default (printf "%s-keys" (include "zp-common.fullname" .)) }}
{{- end }}

{{- define "zp-gw.keysConfig" -}}
ZEROPIN_GATEWAY_SIGNING_KEY: "/etc/zeropin/keys/gateway-signing.jwk"
ZEROPIN_NAS_SECRET_KEY: "/etc/zeropin/keys/nas-secret-key"
{{- if .Values.global.zeropin.internalTls.enabled }}
ZEROPIN_OTP_INTERNAL_CERTIFICATE: "/etc/zeropin/keys/otp-internal-tls.crt"
{{- end }}
{{- end }}

{{- define "zp-gw.keysVolume" -}}
- name: keys
  secret:
    secretName: {{ include "zp-gw.keysSecretName" . }}
    defaultMode: 0440
    items:
      - key: {{ .Values.keys.items.gatewaySigningKey }}
        path: gateway-signing.jwk
      - key: {{ .Values.keys.items.nasSecretKey }}
        path: nas-secret-key
      {{- if .Values.global.zeropin.internalTls.enabled }}
      - key: {{ .Values.keys.items.otpInternalTlsCertificate }}
        path: otp-internal-tls.crt
      {{- end }}
{{- end }}

{{- define "zp-gw.otpServiceUrl" -}}
{{- if .Values.global.zeropin.internalTls.enabled }}
{{- .Values.otpService.url | default (printf "https://%s-otp-service:8443" .Release.Name) }}
{{- else }}
{{- .Values.otpService.url | default (printf "http://%s-otp-service:8081" .Release.Name) }}
{{- end }}
{{- end }}
