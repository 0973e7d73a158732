package dev.zeropin.outbox;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventCodec;
import dev.zeropin.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Applies consumed events at most once: the event id is recorded in the same transaction as the
 * effect, and a redelivered event finds its id already there. Records that are not events are
 * logged and skipped; a failing effect (e.g. the database is down) is retried with back-off and
 * never skipped, so no event is lost.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final String MARK = "INSERT INTO zeropin_processed_event (event_id, event_type) VALUES (?1, ?2)"
            + " ON CONFLICT (event_id) DO NOTHING";

    private final EventCodec codec = new EventCodec();
    private final MeterRegistry registry;

    public IdempotentConsumer(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Decodes {@code json} and applies {@code effect} to its payload once per event id.
     *
     * @param topic the topic the record came from, for metrics and logs
     * @param json the record value
     * @param effect the state change; runs inside the transaction that records the event id
     */
    public Uni<Void> consume(String topic, String json, Function<DomainEvent, Uni<Void>> effect) {
        return consume(topic, json, (envelope, event) -> effect.apply(event));
    }

    /**
     * Like {@link #consume(String, String, Function)}, with the envelope (id, time) passed to the
     * effect as well, e.g. to record the event in an audit trail.
     */
    public Uni<Void> consume(String topic, String json, BiFunction<EventEnvelope, DomainEvent, Uni<Void>> effect) {
        EventEnvelope envelope;
        Optional<DomainEvent> payload;
        try {
            envelope = codec.fromJson(json);
            payload = codec.payload(envelope);
        } catch (EventCodec.MalformedEventException e) {
            Log.warnf("skipped a malformed record on %s: %s", topic, e.getMessage());
            registry.counter("zeropin.events.consumed", "topic", topic, "outcome", "malformed")
                    .increment();
            return Uni.createFrom().voidItem();
        }
        if (payload.isEmpty()) {
            Log.debugf("skipped event type %s on %s: not used by this service", envelope.type(), topic);
            registry.counter("zeropin.events.consumed", "topic", topic, "outcome", "unknown_type")
                    .increment();
            return Uni.createFrom().voidItem();
        }
        DomainEvent event = payload.get();
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(MARK)
                                .setParameter(1, envelope.id())
                                .setParameter(2, envelope.type())
                                .executeUpdate())
                        .chain(inserted -> inserted == 0
                                ? Uni.createFrom().item("duplicate")
                                : effect.apply(envelope, event).replaceWith("applied")))
                .onFailure()
                .invoke(failure -> Log.warnf(
                        "event %s (%s) not applied yet, will retry: %s",
                        envelope.id(), envelope.type(), failure.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .invoke(outcome -> registry.counter("zeropin.events.consumed", "topic", topic, "outcome", outcome)
                        .increment())
                .replaceWithVoid();
    }
}
