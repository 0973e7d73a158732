-- RADIUS decisions carry the gateway's latency, for the console's p95 figure.
ALTER TABLE audit_event ADD COLUMN latency_micros BIGINT;
CREATE INDEX audit_event_type_time ON audit_event (type, occurred_at);
