-- The company directory of a project (issue 19), as JSON: URL, bind DN, base DN, groups, policies,
-- and the PATHS of the bind password and CA files, never the password itself. NULL: no directory.
ALTER TABLE project ADD COLUMN directory TEXT CHECK (directory IS NULL OR (directory::jsonb ->> 'url') IS NOT NULL);
