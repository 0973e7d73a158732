-- The outbox relay no longer listens for NOTIFY: a notifying transaction takes a database-wide lock
-- at commit, which serialised every commit that staged an event. The relay is woken in-process by
-- the writer and polls for what other replicas staged (OutboxRelay).
DROP TRIGGER IF EXISTS zeropin_outbox_inserted ON zeropin_outbox;
DROP FUNCTION IF EXISTS zeropin_outbox_notify();
