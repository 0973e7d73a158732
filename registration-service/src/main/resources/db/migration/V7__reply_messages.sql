-- The RADIUS Reply-Message wording per project; NULL means the product's default wording.
ALTER TABLE project ADD COLUMN reply_accept TEXT CHECK (length(reply_accept) <= 200);
ALTER TABLE project ADD COLUMN reply_reject TEXT CHECK (length(reply_reject) <= 200);
ALTER TABLE project ADD COLUMN reply_locked TEXT CHECK (length(reply_locked) <= 200);
