{{/* Key files of otp-service: one Secret, only these items, mounted read-only under /etc/zeropin/keys. */}}
{{- define "zp-otp.keysSecretName" -}}
{{- .Values.keys.existingSecret | default (printf "%s-keys" (include "zp-common.fullname" .)) }}
{{- end }}

{{- define "zp-otp.keysConfig" -}}
ZEROPIN_SERVER_SECRET: "/etc/zeropin/keys/mpin-server-secret"
ZEROPIN_OTP_ENCRYPTION_KEY: "/etc/zeropin/keys/otp-encryption-key"
ZEROPIN_ASSERTION_SIGNING_KEY: "/etc/zeropin/keys/assertion-signing.jwk"
ZEROPIN_GATEWAY_VERIFICATION_JWKS: "file:/etc/zeropin/keys/gateway-verification.jwks"
{{- if .Values.global.zeropin.internalTls.enabled }}
ZEROPIN_INTERNAL_TLS_PORT: "8443"
ZEROPIN_INTERNAL_TLS_CERTIFICATE: "/etc/zeropin/keys/otp-internal-tls.crt"
ZEROPIN_INTERNAL_TLS_KEY: "/etc/zeropin/keys/otp-internal-tls.key"
{{- end }}
{{- end }}

{{- define "zp-otp.keysVolume" -}}
- name: keys
  secret:
    secretName: {{ include "zp-otp.keysSecretName" . }}
    defaultMode: 0440
    items:
      - key: {{ .Values.keys.items.serverSecret }}
        path: mpin-server-secret
      - key: {{ .Values.keys.items.otpEncryptionKey }}
        path: otp-encryption-key
      - key: {{ .Values.keys.items.assertionSigningKey }}
        path: assertion-signing.jwk
      - key: {{ .Values.keys.items.gatewayVerificationJwks }}
        path: gateway-verification.jwks
      {{- if .Values.global.zeropin.internalTls.enabled }}
      - key: {{ .Values.keys.items.internalTlsCertificate }}
        path: otp-internal-tls.crt
      - key: {{ .Values.keys.items.internalTlsKey }}
        path: otp-internal-tls.key
      {{- end }}
{{- end }}
