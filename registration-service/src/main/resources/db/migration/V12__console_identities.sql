-- The identities (mpinIds) enrolled for the console: only these open it, not any identity of an
-- allowed User ID (issue 16: an identity won for an administrator's e-mail address in another
-- project must not open the console).
CREATE TABLE admin_identity (
    mpin_id     TEXT        PRIMARY KEY,
    user_id     TEXT        NOT NULL,
    enrolled_at TIMESTAMPTZ NOT NULL,
    enrolled_by TEXT        NOT NULL
);
CREATE INDEX admin_identity_user_id ON admin_identity (user_id);

-- A link with a User ID enrols an identity of that User ID for the grants it holds (a sign-in
-- link handed to a new administrator); a link without one is a bootstrap link (global grant).
ALTER TABLE admin_bootstrap ADD COLUMN user_id TEXT;

-- Identities that opened the console before this change stay enrolled, so that an upgrade locks
-- no administrator out; the Administrators page lists them (review them after the upgrade).
INSERT INTO admin_identity (mpin_id, user_id, enrolled_at, enrolled_by)
SELECT s.mpin_id, min(s.user_id), min(s.created_at), 'upgrade'
FROM admin_session s
WHERE EXISTS (SELECT 1 FROM admin_grant g WHERE g.user_id = s.user_id)
GROUP BY s.mpin_id;
