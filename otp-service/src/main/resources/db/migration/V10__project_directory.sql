-- The company directory of a project (issue 19), copied from project-events as JSON: where users
-- are looked up and the login-time policy (cache, unreachable). Paths of secret files only.
ALTER TABLE project_copy ADD COLUMN directory TEXT;
