{{/* Key files of registration-service: one Secret, only these items, mounted read-only under /etc/zeropin/keys. */}}
{{- define "zp-reg.keysSecretName" -}}
{{- .Values.keys.existingSecret | default (printf "%s-keys" (include "zp-common.fullname" .)) }}
{{- end }}

{{- define "zp-reg.keysConfig" -}}
ZEROPIN_MASTER_SECRET: "/etc/zeropin/keys/mpin-master-secret"
ZEROPIN_ACTIVATION_SIGNING_KEY: "/etc/zeropin/keys/activation-signing.jwk"
ZEROPIN_NAS_SECRET_KEY: "/etc/zeropin/keys/nas-secret-key"
ZEROPIN_ADMIN_VERIFICATION_JWKS: "file:/etc/zeropin/keys/admin-verification.jwks"
ZEROPIN_ASSERTION_VERIFICATION_JWKS: "/etc/zeropin/keys/assertion-verification.jwks"
{{- end }}

{{- define "zp-reg.keysVolume" -}}
- name: keys
  secret:
    secretName: {{ include "zp-reg.keysSecretName" . }}
    defaultMode: 0440
    items:
      - key: {{ .Values.keys.items.masterSecret }}
        path: mpin-master-secret
      - key: {{ .Values.keys.items.activationSigningKey }}
        path: activation-signing.jwk
      - key: {{ .Values.keys.items.nasSecretKey }}
        path: nas-secret-key
      - key: {{ .Values.keys.items.adminVerificationJwks }}
        path: admin-verification.jwks
      - key: {{ .Values.keys.items.assertionVerificationJwks }}
        path: assertion-verification.jwks
{{- end }}
