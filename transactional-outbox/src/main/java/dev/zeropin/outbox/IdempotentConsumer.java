package dev.zeropin.outbox;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventCodec;
import dev.zeropin.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        return consumeAll(topic, List.of(json), effect);
    }

    /**
     * Applies a batch of records in one transaction, in their order, each event once: one commit
     * for the whole batch instead of one per event, for high-volume topics such as the usage
     * history. Malformed records and unknown types are skipped as by {@link #consume}; when an
     * effect fails, the whole batch is rolled back and retried, so a batch is applied entirely or
     * not at all and nothing is lost.
     */
    public Uni<Void> consumeAll(
            String topic, List<String> records, BiFunction<EventEnvelope, DomainEvent, Uni<Void>> effect) {
        List<Received> events = new ArrayList<>(records.size());
        for (String json : records) {
            decode(topic, json).ifPresent(events::add);
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Multi.createFrom()
                        .iterable(events)
                        .onItem()
                        .transformToUniAndConcatenate(received -> applyOnce(received, effect)
                                // Written out and let go after each event: every native statement
                                // flushes the session first and checks each entity it holds, so a
                                // session that kept the batch's entities would cost O(n²) (a
                                // quarter of registration-service's CPU in a login-storm profile).
                                .call(() -> Panache.getSession()
                                        .chain(session -> session.flush().invoke(session::clear))))
                        .collect()
                        .asList())
                .onFailure()
                .invoke(failure -> Log.warnf(
                        "%d event(s) on %s from %s not applied yet, will retry: %s",
                        events.size(), topic, events.get(0).envelope().id(), failure.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .invoke(outcomes -> outcomes.forEach(
                        outcome -> registry.counter("zeropin.events.consumed", "topic", topic, "outcome", outcome)
                                .increment()))
                .replaceWithVoid();
    }

    /** Records the event id, then applies the effect unless the id was there already. */
    private Uni<String> applyOnce(Received received, BiFunction<EventEnvelope, DomainEvent, Uni<Void>> effect) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(MARK)
                        .setParameter(1, received.envelope().id())
                        .setParameter(2, received.envelope().type())
                        .executeUpdate())
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item("duplicate")
                        : effect.apply(received.envelope(), received.event()).replaceWith("applied"));
    }

    /** The event of a record, or empty (counted and logged) when it is malformed or of no use here. */
    private Optional<Received> decode(String topic, String json) {
        EventEnvelope envelope;
        Optional<DomainEvent> payload;
        try {
            envelope = codec.fromJson(json);
            payload = codec.payload(envelope);
        } catch (EventCodec.MalformedEventException e) {
            Log.warnf("skipped a malformed record on %s: %s", topic, e.getMessage());
            registry.counter("zeropin.events.consumed", "topic", topic, "outcome", "malformed")
                    .increment();
            return Optional.empty();
        }
        if (payload.isEmpty()) {
            Log.debugf("skipped event type %s on %s: not used by this service", envelope.type(), topic);
            registry.counter("zeropin.events.consumed", "topic", topic, "outcome", "unknown_type")
                    .increment();
        }
        return payload.map(event -> new Received(envelope, event));
    }

    private record Received(EventEnvelope envelope, DomainEvent event) {}
}
