-- Identities are learnt from identity-events (identity.registered) or from a first successful proof;
-- proofs for mpinIds that are neither create no identity_state row. The identity's point H(id) is
-- kept so that a login does not hash to the curve. Wrong PINs lock the identity for a while before
-- they revoke it (docs/protocol.md).
ALTER TABLE identity_state ADD COLUMN hid BYTEA CHECK (hid IS NULL OR length(hid) = 97);
ALTER TABLE identity_state ADD COLUMN locked_until TIMESTAMPTZ;

-- Proofs counted (before their pairing check) for mpinIds that otp-service has not learnt of yet:
-- a registration whose event is still on its way, or a forged mpinId. Purged after the window.
CREATE TABLE unconfirmed_identity (
    mpin_id    TEXT        PRIMARY KEY,
    attempts   INTEGER     NOT NULL CHECK (attempts > 0),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX unconfirmed_identity_created_at ON unconfirmed_identity (created_at);

-- Pass-1 sessions hold public values for seconds and are consumed by deleting them: they need no
-- WAL (a crash or a fail-over only makes devices start again with pass 1), and a pass 1 that
-- writes nothing else commits without waiting for a disk flush.
ALTER TABLE auth_session SET UNLOGGED;
ALTER TABLE auth_session ADD COLUMN client_id TEXT;

-- Pass-1 requests per known identity in the current minute (rate limit shared by all replicas).
CREATE UNLOGGED TABLE identity_pass1_window (
    mpin_id      TEXT        PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    requests     INTEGER     NOT NULL
);
