package dev.zeropin.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns {@link DomainEvent}s into envelopes and JSON and back. One codec is shared by producers
 * and consumers so that the wire format cannot drift between services.
 *
 * <p>Unknown payload fields are ignored (a newer producer may add fields); an unknown event type
 * decodes to an empty {@link Optional} so that a consumer can skip what it does not understand.
 */
public final class EventCodec {

    /** Every event type of the product; a new record is added here and in its topic's table. */
    public static final Map<String, Class<? extends DomainEvent>> TYPES = Stream.of(
                    ProjectEvents.ProjectCreated.class,
                    ProjectEvents.ProjectUpdated.class,
                    IdentityEvents.IdentityRegistered.class,
                    IdentityEvents.IdentityRevoked.class,
                    AuthEvents.AuthenticationSucceeded.class,
                    AuthEvents.PinFailed.class,
                    AuthEvents.IdentityLocked.class,
                    AuthEvents.IdentityBlocked.class,
                    AuthEvents.OtpIssued.class,
                    AuthEvents.OtpVerified.class,
                    AuthEvents.OtpRejected.class,
                    AuthEvents.DirectoryRefused.class,
                    AuthEvents.DirectoryCachedAnswerUsed.class,
                    RadiusEvents.AccessAccepted.class,
                    RadiusEvents.AccessRejected.class,
                    RadiusEvents.PacketDropped.class,
                    RadiusEvents.TrafficReported.class,
                    RadiusEvents.AccountingReceived.class,
                    RadiusEvents.StaticClientsLoaded.class,
                    RadiusClientEvents.RadiusClientUpserted.class,
                    RadiusClientEvents.RadiusClientDeleted.class)
            .collect(Collectors.toUnmodifiableMap(type -> typeOf(type).value(), Function.identity()));

    private final ObjectMapper mapper;

    public EventCodec() {
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** The {@link EventType} annotation of an event class. */
    public static EventType typeOf(Class<? extends DomainEvent> eventClass) {
        EventType type = eventClass.getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalArgumentException(eventClass.getName() + " has no @EventType");
        }
        return type;
    }

    /** The topic an event is published to. */
    public static String topicOf(DomainEvent event) {
        return typeOf(event.getClass()).topic();
    }

    /** Wraps an event into a new envelope with a fresh id. */
    public EventEnvelope envelope(DomainEvent event, Instant occurredAt) {
        EventType type = typeOf(event.getClass());
        return new EventEnvelope(
                UUID.randomUUID(),
                type.value(),
                type.version(),
                occurredAt,
                event.subject(),
                mapper.valueToTree(event));
    }

    /** The JSON text of an envelope, as it goes on the wire. */
    public String toJson(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + envelope.type() + " cannot be serialised", e);
        }
    }

    /**
     * Reads an envelope from its JSON text.
     *
     * @throws MalformedEventException when the text is not a complete envelope
     */
    public EventEnvelope fromJson(String json) {
        try {
            EventEnvelope envelope = mapper.readValue(json, EventEnvelope.class);
            if (envelope == null) {
                throw new MalformedEventException("empty event record");
            }
            return envelope;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException(
                    "not a ZeroPIN event envelope: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Decodes the payload of an envelope into its record, or empty when the type is not known to
     * this version of the contracts.
     *
     * @throws MalformedEventException when the payload does not match its declared type
     */
    public Optional<DomainEvent> payload(EventEnvelope envelope) {
        Class<? extends DomainEvent> type = TYPES.get(envelope.type());
        if (type == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.treeToValue(envelope.payload(), type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("payload of " + envelope.type() + " does not match its schema");
        }
    }

    /** Thrown when a record is not a valid event; consumers log it and skip the record. */
    public static final class MalformedEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedEventException(String message) {
            super(message);
        }
    }
}
