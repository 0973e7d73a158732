package dev.zeropin.outbox;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventCodec;
import dev.zeropin.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Stages events in the outbox table within the caller's transaction, so that an event exists if
 * and only if the state change that it reports was committed. The {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final String INSERT =
            "INSERT INTO zeropin_outbox (id, topic, event_key, event_type, envelope)" + " VALUES (?1, ?2, ?3, ?4, ?5)";

    private final EventCodec codec = new EventCodec();
    private final Clock clock;
    private final OutboxRelay relay;

    public OutboxWriter(Clock clock, OutboxRelay relay) {
        this.clock = clock;
        this.relay = relay;
    }

    /**
     * Stages one event. Must run inside a Hibernate Reactive transaction ({@code @WithTransaction}
     * or {@code Panache.withTransaction}); fails otherwise rather than publishing uncommitted facts.
     */
    public Uni<EventEnvelope> stage(DomainEvent event) {
        EventEnvelope envelope = codec.envelope(event, Instant.now(clock));
        return Panache.currentTransaction()
                .onItem()
                .ifNull()
                .failWith(() -> new IllegalStateException("outbox events must be staged inside a transaction"))
                .chain(transaction -> Panache.getSession())
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter(1, envelope.id())
                        .setParameter(2, EventCodec.topicOf(event))
                        .setParameter(3, envelope.subject())
                        .setParameter(4, envelope.type())
                        .setParameter(5, codec.toJson(envelope))
                        .executeUpdate())
                .invoke(relay::wake)
                .replaceWith(envelope);
    }
}
