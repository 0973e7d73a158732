-- E-mail verifications in progress. No code and no link token in clear: a keyed MAC of the code,
-- a SHA-256 of the 256-bit link token.
CREATE TABLE registration (
    id              UUID        PRIMARY KEY,
    client_id       TEXT        NOT NULL REFERENCES project (client_id),
    user_id         TEXT        NOT NULL,
    device_label    TEXT,
    source_address  TEXT,
    code_mac        BYTEA       NOT NULL,
    link_token_hash BYTEA       NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'VERIFIED', 'VOID')),
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    verified_at     TIMESTAMPTZ
);
CREATE INDEX registration_user ON registration (client_id, user_id, created_at);
CREATE INDEX registration_source ON registration (source_address, created_at);

-- Activation tokens by id: the database makes each usable once.
CREATE TABLE activation (
    id              UUID        PRIMARY KEY,
    registration_id UUID        NOT NULL UNIQUE REFERENCES registration (id) ON DELETE CASCADE,
    client_id       TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    used_at         TIMESTAMPTZ
);

-- Registered identities (devices). No client secret, no token, no PIN, no verifier.
CREATE TABLE identity (
    mpin_id        TEXT        PRIMARY KEY,
    client_id      TEXT        NOT NULL REFERENCES project (client_id),
    user_id        TEXT        NOT NULL,
    device_label   TEXT,
    state          TEXT        NOT NULL CHECK (state IN ('ACTIVE', 'REVOKED')),
    revoked_reason TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    CHECK ((state = 'REVOKED') = (revoked_at IS NOT NULL))
);
CREATE INDEX identity_user ON identity (client_id, user_id);
