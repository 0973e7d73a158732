package dev.zeropin.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RADIUS clients that the gateways read from their configuration files (GitOps), as the
 * gateways announce them on {@code radius-events} at start and after every reload. The console
 * shows them beside its own clients; it cannot change them. Kept in memory: a restart of this
 * service learns them again from the gateways' next announcement or the topic's history.
 */
@ApplicationScoped
public class StaticRadiusClients {

    /** A client from a gateway's configuration file (never its secret). */
    public record StaticClient(String name, String address, String clientId, boolean requireMessageAuthenticator) {}

    /**
     * What the console knows.
     *
     * @param known whether any gateway has announced its configuration yet
     * @param clients every announced client, by name, once
     */
    public record Snapshot(boolean known, List<StaticClient> clients) {}

    private record Announcement(Instant at, List<StaticClient> clients) {}

    private final Map<String, Announcement> byInstance = new ConcurrentHashMap<>();

    /** A gateway instance announced its configured clients at {@code at}; older news is ignored. */
    public void announce(String instance, Instant at, List<StaticClient> clients) {
        byInstance.merge(
                instance,
                new Announcement(at, List.copyOf(clients)),
                (old, fresh) -> fresh.at().isBefore(old.at()) ? old : fresh);
    }

    /** The clients of every gateway instance's newest announcement. */
    public Snapshot snapshot() {
        Map<String, StaticClient> byName = new TreeMap<>();
        byInstance.values().stream()
                .sorted(Comparator.comparing(Announcement::at))
                .forEach(announcement -> announcement.clients().forEach(client -> byName.put(client.name(), client)));
        return new Snapshot(!byInstance.isEmpty(), List.copyOf(byName.values()));
    }
}
