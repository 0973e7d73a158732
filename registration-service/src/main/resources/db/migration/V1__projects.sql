-- Projects: what an administrator configures and hands to users as an OTP generation link.
CREATE TABLE project (
    client_id              TEXT        PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
    name                   TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    enabled                BOOLEAN     NOT NULL,
    otp_length             INTEGER     NOT NULL CHECK (otp_length BETWEEN 6 AND 9),
    otp_lifetime_seconds   INTEGER     NOT NULL CHECK (otp_lifetime_seconds BETWEEN 30 AND 3600),
    verification_methods   TEXT        NOT NULL CHECK (verification_methods <> ''),
    allowed_email_domains  TEXT        NOT NULL,
    browser_allowed        BOOLEAN     NOT NULL,
    mobile_allowed         BOOLEAN     NOT NULL,
    revision               BIGINT      NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    CHECK (browser_allowed OR mobile_allowed)
);
