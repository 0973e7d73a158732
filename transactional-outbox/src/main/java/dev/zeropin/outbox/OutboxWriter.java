package dev.zeropin.outbox;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventCodec;
import dev.zeropin.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.reactive.mutiny.Mutiny;

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

    /**
     * Stages events in their order, several to a statement: one round trip carries up to 64 rows.
     * Same rules as {@link #stage(DomainEvent)}.
     */
    public Uni<Void> stageAll(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now(clock);
        List<EventEnvelope> envelopes =
                events.stream().map(event -> codec.envelope(event, now)).toList();
        List<String> topics = events.stream().map(EventCodec::topicOf).toList();
        return Panache.currentTransaction()
                .onItem()
                .ifNull()
                .failWith(() -> new IllegalStateException("outbox events must be staged inside a transaction"))
                .chain(transaction -> Panache.getSession())
                .chain(session -> insertFrom(session, envelopes, topics, 0))
                .invoke(relay::wake);
    }

    /**
     * Inserts the rows from {@code from} on, in chunks of 64, 8 or 1: a few statement shapes, so
     * that each is prepared once and cached.
     */
    private Uni<Void> insertFrom(Mutiny.Session session, List<EventEnvelope> envelopes, List<String> topics, int from) {
        int left = envelopes.size() - from;
        if (left == 0) {
            return Uni.createFrom().voidItem();
        }
        int chunk = left >= 64 ? 64 : left >= 8 ? 8 : 1;
        var query = session.createNativeQuery(MULTI_INSERT.computeIfAbsent(chunk, OutboxWriter::multiInsert));
        for (int row = 0; row < chunk; row++) {
            EventEnvelope envelope = envelopes.get(from + row);
            int at = row * 5;
            query.setParameter(at + 1, envelope.id())
                    .setParameter(at + 2, topics.get(from + row))
                    .setParameter(at + 3, envelope.subject())
                    .setParameter(at + 4, envelope.type())
                    .setParameter(at + 5, codec.toJson(envelope));
        }
        return query.executeUpdate().chain(() -> insertFrom(session, envelopes, topics, from + chunk));
    }

    private static final Map<Integer, String> MULTI_INSERT = new ConcurrentHashMap<>();

    private static String multiInsert(int rows) {
        StringBuilder sql =
                new StringBuilder("INSERT INTO zeropin_outbox (id, topic, event_key, event_type, envelope) VALUES ");
        for (int row = 0; row < rows; row++) {
            int at = row * 5;
            sql.append(row == 0 ? "" : ", ")
                    .append("(?")
                    .append(at + 1)
                    .append(", ?")
                    .append(at + 2)
                    .append(", ?")
                    .append(at + 3)
                    .append(", ?")
                    .append(at + 4)
                    .append(", ?")
                    .append(at + 5)
                    .append(')');
        }
        return sql.toString();
    }
}
