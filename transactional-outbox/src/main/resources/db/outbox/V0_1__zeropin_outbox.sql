-- Transactional outbox and idempotent consumption, shared by every service that owns a database.
-- Added to a service's Flyway locations as classpath:db/outbox; runs before the service's V1.

CREATE TABLE zeropin_outbox (
    seq          BIGSERIAL    PRIMARY KEY,
    id           UUID         NOT NULL UNIQUE,
    topic        TEXT         NOT NULL,
    event_key    TEXT         NOT NULL,
    event_type   TEXT         NOT NULL,
    envelope     TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);

CREATE INDEX zeropin_outbox_unpublished ON zeropin_outbox (seq) WHERE published_at IS NULL;
CREATE INDEX zeropin_outbox_published_at ON zeropin_outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay when a transaction that wrote events commits (NOTIFY is delivered on commit).
CREATE FUNCTION zeropin_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('zeropin_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER zeropin_outbox_inserted
    AFTER INSERT ON zeropin_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION zeropin_outbox_notify();

CREATE TABLE zeropin_processed_event (
    event_id     UUID         PRIMARY KEY,
    event_type   TEXT         NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX zeropin_processed_event_processed_at ON zeropin_processed_event (processed_at);
