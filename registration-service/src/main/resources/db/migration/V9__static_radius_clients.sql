-- The gateways' announcements of the RADIUS clients in their configuration files, newest per
-- gateway instance. Kept in the database, not in one replica's memory: with several replicas the
-- radius-events consumer group hands each announcement to one of them only. Never a secret.
CREATE TABLE static_radius_announcement (
    instance     TEXT        PRIMARY KEY,
    announced_at TIMESTAMPTZ NOT NULL,
    clients      TEXT        NOT NULL
);
