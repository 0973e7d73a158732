package dev.zeropin.gateway.service;

import dev.zeropin.gateway.NasClient;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The RADIUS clients in force: the static ones of the clients file and the console-managed ones of
 * radius-client-events, side by side. A packet belongs to the client with the longest matching
 * prefix. A console client whose name or address equals a static client's is ignored (the static
 * one wins, and the collision is logged). Changes replace an immutable snapshot atomically; the
 * packet path reads it without locks.
 */
@ApplicationScoped
public class NasClientRegistry {

    private record Versioned(NasClient client, long revision) {}

    private final Object lock = new Object();
    private List<NasClient> statics = List.of();
    private final Map<String, Versioned> consoleClients = new HashMap<>();
    private final Map<String, Long> deletedRevisions = new HashMap<>();
    private volatile List<NasClient> inForce = List.of();

    /** The UDP client that {@code source} belongs to, or empty (clients that only use RadSec never match). */
    public Optional<NasClient> find(InetAddress source) {
        for (NasClient client : inForce) {
            if (client.servesUdp() && client.address().contains(source)) {
                return Optional.of(client);
            }
        }
        return Optional.empty();
    }

    /**
     * The RadSec client that a connection from {@code source} presenting {@code certificate} (already
     * validated against the CA) belongs to: the most specific client whose range holds the source and
     * whose RadSec identity the certificate matches, or empty.
     */
    public Optional<NasClient> findRadSec(InetAddress source, X509Certificate certificate) {
        for (NasClient client : inForce) {
            if (client.radsec() != null
                    && client.address().contains(source)
                    && client.radsec().matches(certificate)) {
                return Optional.of(client);
            }
        }
        return Optional.empty();
    }

    /** Every client in force, most specific range first. */
    public List<NasClient> clients() {
        return inForce;
    }

    /** Replaces the static clients (after a successful load of the file). */
    public void replaceStatic(List<NasClient> clients) {
        synchronized (lock) {
            statics = List.copyOf(clients);
            rebuild();
        }
    }

    /**
     * Applies a console client unless an equal or newer revision of it was applied (or deleted).
     *
     * @return true when it changed what is in force
     */
    public boolean upsertConsoleClient(NasClient client, long revision) {
        synchronized (lock) {
            Versioned known = consoleClients.get(client.id());
            Long deleted = deletedRevisions.get(client.id());
            if ((known != null && known.revision() >= revision) || (deleted != null && deleted >= revision)) {
                return false;
            }
            consoleClients.put(client.id(), new Versioned(client, revision));
            rebuild();
            return true;
        }
    }

    /** Removes a console client unless a newer revision of it was applied. */
    public boolean deleteConsoleClient(String id, long revision) {
        synchronized (lock) {
            Versioned known = consoleClients.get(id);
            if (known != null && known.revision() > revision) {
                return false;
            }
            deletedRevisions.merge(id, revision, Math::max);
            boolean removed = consoleClients.remove(id) != null;
            if (removed) {
                rebuild();
            }
            return removed;
        }
    }

    private void rebuild() {
        Set<String> staticNames = new HashSet<>();
        Set<String> staticAddresses = new HashSet<>();
        for (NasClient client : statics) {
            staticNames.add(client.name());
            staticAddresses.add(client.address().toString());
        }
        List<NasClient> merged = new ArrayList<>(statics);
        for (Versioned versioned : consoleClients.values()) {
            NasClient client = versioned.client();
            if (staticNames.contains(client.name())
                    || staticAddresses.contains(client.address().toString())) {
                Log.warnf(
                        "RADIUS client %s (%s) from the console is ignored: a static client has the same name or address",
                        client.name(), client.address());
                continue;
            }
            merged.add(client);
        }
        merged.sort(
                Comparator.comparingInt((NasClient client) -> client.address().prefix())
                        .reversed()
                        .thenComparing(client -> client.origin() == NasClient.Origin.STATIC ? 0 : 1));
        inForce = List.copyOf(merged);
    }
}
