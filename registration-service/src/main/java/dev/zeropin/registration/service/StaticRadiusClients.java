package dev.zeropin.registration.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeropin.outbox.HousekeepingStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RADIUS clients that the gateways read from their configuration files (GitOps), as the
 * gateways announce them on {@code radius-events} at start, after every reload and every few
 * minutes. The console shows them beside its own clients; it cannot change them. The newest
 * announcement of each gateway instance is kept in the database, so that every replica of this
 * service shows them all, whichever replica consumed the announcement. An instance that has not
 * announced for {@link #FRESH_FOR} (three of the gateways' default intervals) no longer counts:
 * it is gone or cut off.
 */
@ApplicationScoped
public class StaticRadiusClients implements HousekeepingStatements {

    /** How long an announcement counts. */
    static final Duration FRESH_FOR = Duration.ofMinutes(15);
    /** Announcements older than this are deleted by the housekeeping (gateway instances that went away). */
    static final Duration KEPT_FOR = Duration.ofDays(1);

    private static final TypeReference<List<StaticClient>> CLIENTS = new TypeReference<>() {};
    private static final String UPSERT = "INSERT INTO static_radius_announcement (instance, announced_at, clients)"
            + " VALUES (?1, ?2, ?3) ON CONFLICT (instance) DO UPDATE"
            + " SET announced_at = excluded.announced_at, clients = excluded.clients"
            + " WHERE static_radius_announcement.announced_at <= excluded.announced_at";

    /** A client from a gateway's configuration file (never its secret). */
    @RegisterForReflection
    public record StaticClient(String name, String address, String clientId, boolean requireMessageAuthenticator) {}

    /**
     * What the console knows.
     *
     * @param known whether any gateway has announced its configuration lately
     * @param clients every announced client, by name, once
     */
    public record Snapshot(boolean known, List<StaticClient> clients) {}

    private final ObjectMapper json;
    private final Clock clock;

    public StaticRadiusClients(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * A gateway instance announced its configured clients at {@code at}; older news is ignored.
     * Runs in the caller's session (the event consumer's transaction).
     */
    public Uni<Void> announce(String instance, Instant at, List<StaticClient> clients) {
        String encoded;
        try {
            encoded = json.writeValueAsString(List.copyOf(clients));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(UPSERT)
                        .setParameter(1, instance)
                        .setParameter(2, at.atOffset(ZoneOffset.UTC))
                        .setParameter(3, encoded)
                        .executeUpdate())
                .replaceWithVoid();
    }

    @Override
    public List<String> statements() {
        return List.of("DELETE FROM static_radius_announcement WHERE announced_at < now() - interval '"
                + KEPT_FOR.toSeconds() + " seconds'");
    }

    /** The clients of every gateway instance's newest announcement that is still fresh. */
    public Uni<Snapshot> snapshot() {
        OffsetDateTime freshSince = clock.instant().minus(FRESH_FOR).atOffset(ZoneOffset.UTC);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT clients FROM static_radius_announcement WHERE announced_at >= ?1"
                                        + " ORDER BY announced_at",
                                String.class)
                        .setParameter(1, freshSince)
                        .getResultList())
                .map(this::merge);
    }

    private Snapshot merge(List<String> announcements) {
        Map<String, StaticClient> byName = new TreeMap<>();
        for (String announcement : announcements) {
            try {
                json.readValue(announcement, CLIENTS).forEach(client -> byName.put(client.name(), client));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an announcement of static RADIUS clients is not readable", e);
            }
        }
        return new Snapshot(!announcements.isEmpty(), List.copyOf(byName.values()));
    }
}
