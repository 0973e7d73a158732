-- RADIUS clients (NAS) managed in the admin console. Secrets sealed (AES-256-GCM, NAS secret key).
CREATE TABLE radius_client (
    id                          UUID        PRIMARY KEY,
    name                        TEXT        NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'),
    address                     TEXT        NOT NULL,
    client_id                   TEXT        NOT NULL REFERENCES project (client_id),
    require_message_authenticator BOOLEAN   NOT NULL,
    secret_nonce                TEXT        NOT NULL,
    secret_ciphertext           TEXT        NOT NULL,
    previous_secret_nonce       TEXT,
    previous_secret_ciphertext  TEXT,
    previous_secret_valid_until TIMESTAMPTZ,
    revision                    BIGINT      NOT NULL,
    created_at                  TIMESTAMPTZ NOT NULL,
    updated_at                  TIMESTAMPTZ NOT NULL
);

-- Who may use the console: global administrators (client_id NULL) and project administrators.
CREATE TABLE admin_grant (
    id         UUID        PRIMARY KEY,
    user_id    TEXT        NOT NULL,
    client_id  TEXT        REFERENCES project (client_id),
    granted_by TEXT        NOT NULL,
    granted_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX admin_grant_unique ON admin_grant (user_id, COALESCE(client_id, ''));

-- Console sessions: short-lived, revocable; the cookie carries a signed reference to one.
CREATE TABLE admin_session (
    id             UUID        PRIMARY KEY,
    user_id        TEXT        NOT NULL,
    mpin_id        TEXT        NOT NULL,
    source_address TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    ended_at       TIMESTAMPTZ
);
CREATE INDEX admin_session_expires_at ON admin_session (expires_at);

-- One-time links that make the first global administrator.
CREATE TABLE admin_bootstrap (
    id         UUID        PRIMARY KEY,
    code_hash  BYTEA       NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    used_by    TEXT
);
