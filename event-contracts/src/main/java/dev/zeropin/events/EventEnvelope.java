package dev.zeropin.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The common envelope of every record on every topic.
 *
 * @param id unique event id; consumers apply an event at most once by this id
 * @param type dotted event type, see {@link EventType}
 * @param version schema version of the payload
 * @param occurredAt when the fact happened (the producer's clock)
 * @param subject the entity the event is about; also the record key
 * @param payload the typed payload as JSON; decode it with {@link EventCodec#payload}
 */
public record EventEnvelope(UUID id, String type, int version, Instant occurredAt, String subject, JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
    }
}
