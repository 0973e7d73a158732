-- E-mails leave after the commit of the transaction that decided them: a registration stages its
-- verification e-mail here and answers at once; MailQueue sends it, retrying with back-off while
-- the SMTP server is down. No secret is stored: the code and the link token of a verification
-- e-mail are derived from a key of the service and the registration id when it is sent.
CREATE TABLE mail_queue (
    id              UUID        PRIMARY KEY,
    kind            TEXT        NOT NULL CHECK (kind IN ('VERIFICATION', 'UNFINISHED_REGISTRATION')),
    registration_id UUID        NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
    recipient       TEXT        NOT NULL,
    client_id       TEXT        NOT NULL,
    project_name    TEXT        NOT NULL,
    with_code       BOOLEAN     NOT NULL,
    with_link       BOOLEAN     NOT NULL,
    wrong_codes     INTEGER     NOT NULL DEFAULT 0,
    state           TEXT        NOT NULL CHECK (state IN ('PENDING', 'SENT', 'EXPIRED')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX mail_queue_registration ON mail_queue (registration_id);

-- Registrations that ended unfinished (void, refused by the daily cap of wrong codes, or expired
-- unverified) are told to the owner of the User ID once: DUE marks one for the notice, DONE one
-- that was handled (told, or not told because a notice went out recently).
ALTER TABLE registration ADD COLUMN notice TEXT CHECK (notice IN ('DUE', 'DONE'));
CREATE INDEX registration_notice_due ON registration (expires_at)
    WHERE notice = 'DUE' OR (notice IS NULL AND status = 'PENDING');
