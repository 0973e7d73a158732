-- Pass-1 sessions: single use, short-lived; U and y are public values.
CREATE TABLE auth_session (
    id             UUID        PRIMARY KEY,
    mpin_id        TEXT        NOT NULL,
    u              BYTEA       NOT NULL CHECK (length(u) = 97),
    y              BYTEA       NOT NULL CHECK (length(y) = 48),
    source_address TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    used_at        TIMESTAMPTZ
);
CREATE INDEX auth_session_expires_at ON auth_session (expires_at);

-- Wrong-PIN runs and revocations per identity. No PIN, no verifier: nothing to test a PIN against.
CREATE TABLE identity_state (
    mpin_id        TEXT        PRIMARY KEY,
    client_id      TEXT        NOT NULL,
    user_id        TEXT        NOT NULL,
    failures       INTEGER     NOT NULL DEFAULT 0 CHECK (failures >= 0),
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX identity_state_user ON identity_state (client_id, user_id);

-- Live OTPs, encrypted (AES-256-GCM); a row is deleted by the verification that uses it, so a
-- second use cannot succeed, whatever the number of replicas.
CREATE TABLE otp (
    id          UUID        PRIMARY KEY,
    client_id   TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    mpin_id     TEXT        NOT NULL,
    nonce       BYTEA       NOT NULL CHECK (length(nonce) = 12),
    ciphertext  BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX otp_user ON otp (client_id, user_id, expires_at);
CREATE INDEX otp_expires_at ON otp (expires_at);

-- Failed verifications per (project, User ID) and the back-off they earned.
CREATE TABLE verification_failures (
    subject      TEXT        PRIMARY KEY,
    client_id    TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    failures     INTEGER     NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL
);
