-- The RADIUS Reply-Message wording of each project, copied from project-events.
ALTER TABLE project_copy ADD COLUMN reply_accept TEXT;
ALTER TABLE project_copy ADD COLUMN reply_reject TEXT;
ALTER TABLE project_copy ADD COLUMN reply_locked TEXT;
