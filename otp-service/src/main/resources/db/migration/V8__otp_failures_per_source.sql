-- OTP verification failures per (project, User ID, source), replacing the one counter per user
-- that strangers could keep full (issue 16). The source is the endpoint the NAS reports
-- (Calling-Station-Id, 'station:<id>'), or the NAS when it reports none ('nas:<name>'); the row
-- with source '*' counts the user's failures from all sources together (the per-user safety net).
-- Counters drain over time (a leaky bucket): drained_at is the instant from which the next failure
-- leaks out. Rows exist only for users who had a live OTP when they failed, and are purged once
-- drained and unlocked (OtpHousekeeping).
CREATE TABLE otp_failure (
    client_id    TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    failures     INTEGER     NOT NULL CHECK (failures >= 0),
    drained_at   TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ,
    PRIMARY KEY (client_id, user_id, source)
);
CREATE INDEX otp_failure_drained_at ON otp_failure (drained_at);

-- A back-off still running at the upgrade stays in force, for the user as a whole.
INSERT INTO otp_failure (client_id, user_id, source, failures, drained_at, locked_until)
SELECT client_id, user_id, '*', failures, updated_at, locked_until
  FROM verification_failures
 WHERE locked_until > now();

DROP TABLE verification_failures;
