-- One-time activation links shown as QR codes ("Log In Using Mobile"); only a hash of the code.
CREATE TABLE mobile_activation (
    id         UUID        PRIMARY KEY,
    code_hash  BYTEA       NOT NULL UNIQUE,
    client_id  TEXT        NOT NULL REFERENCES project (client_id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX mobile_activation_expires_at ON mobile_activation (expires_at);

-- Identity assertions (from otp-service, after a PIN proof) are accepted once.
CREATE TABLE used_assertion (
    jti        UUID        PRIMARY KEY,
    used_at    TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- The usage history: what otp-service and radius-gateway reported, one row per event.
CREATE TABLE audit_event (
    id             UUID        PRIMARY KEY,
    occurred_at    TIMESTAMPTZ NOT NULL,
    type           TEXT        NOT NULL,
    client_id      TEXT,
    user_id        TEXT,
    mpin_id        TEXT,
    nas_name       TEXT,
    source_address TEXT,
    result         TEXT        NOT NULL,
    detail         TEXT
);
CREATE INDEX audit_event_user ON audit_event (client_id, user_id, occurred_at);
CREATE INDEX audit_event_identity ON audit_event (mpin_id, occurred_at);
CREATE INDEX audit_event_time ON audit_event (occurred_at);
CREATE INDEX audit_event_nas ON audit_event (nas_name, occurred_at);
