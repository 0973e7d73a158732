-- radius-client events are now sealed with every field of the record in the associated data
-- (issue 16, item 4): seal_version 2. Clients last published in the old form (1) are published
-- again, in the new form, when registration-service starts, so that gateways (which refuse the
-- old form) learn them again; see RadiusClientService.republishOutdated.
ALTER TABLE radius_client ADD COLUMN seal_version SMALLINT NOT NULL DEFAULT 1;
