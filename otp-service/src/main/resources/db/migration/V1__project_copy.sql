-- otp-service's copy of each project's settings, fed by project-events.
CREATE TABLE project_copy (
    client_id            TEXT        PRIMARY KEY,
    name                 TEXT        NOT NULL,
    enabled              BOOLEAN     NOT NULL,
    otp_length           INTEGER     NOT NULL CHECK (otp_length BETWEEN 6 AND 9),
    otp_lifetime_seconds INTEGER     NOT NULL CHECK (otp_lifetime_seconds > 0),
    revision             BIGINT      NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
