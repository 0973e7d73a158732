-- Accepted verifications, kept for a short window (otp.verification.retry-window) so that a NAS
-- that lost the Access-Accept and asks again gets Accept again without a second consumption (issue
-- 18, "A NAS retry is not a replay"). Only a request with a Calling-Station-Id leaves a row. The
-- fingerprint is an HMAC-SHA-256, under a key derived from the OTP encryption key, over the project,
-- the User ID, the NAS, the OTP and the session identifiers the NAS sent (Calling-Station-Id,
-- NAS-Port, NAS-Port-Id): neither the OTP nor anything that reveals it is stored. A retry is not a
-- use: the OTP itself is gone (deleted at consumption). Purged once expired (OtpHousekeeping) and
-- on revocation of the identity.
CREATE TABLE otp_accepted (
    fingerprint BYTEA       PRIMARY KEY,
    client_id   TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    mpin_id     TEXT        NOT NULL,
    otp_id      UUID        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX otp_accepted_expires_at ON otp_accepted (expires_at);
CREATE INDEX otp_accepted_mpin_id ON otp_accepted (mpin_id);
