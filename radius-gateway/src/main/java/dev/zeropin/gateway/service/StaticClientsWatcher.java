package dev.zeropin.gateway.service;

import dev.zeropin.events.RadiusEvents.StaticClient;
import dev.zeropin.events.RadiusEvents.StaticClientsLoaded;
import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.gateway.messaging.RadiusEventPublisher;
import dev.zeropin.gateway.service.StaticClientsFile.InvalidClientsFileException;
import dev.zeropin.gateway.service.StaticClientsFile.Loaded;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Loads the static clients file at start-up (an invalid file stops the start with a message that
 * names the problem) and then checks it, and the secret files it names, every few seconds: a
 * changed, valid file replaces the static clients at once; an invalid one is reported and counted,
 * and the clients in force stay. Each successful load is announced as
 * {@code radius.static-clients-loaded} (without secrets).
 */
@ApplicationScoped
public class StaticClientsWatcher {

    private final GatewayConfig config;
    private final NasClientRegistry registry;
    private final RadiusEventPublisher events;
    private final MeterRegistry meters;
    private final String instance;
    private Function<String, String> environment = StaticClientsFile.systemEnvironment();
    private ScheduledExecutorService poller;
    private volatile byte[] fingerprint;
    private volatile String lastProblem;
    private volatile Instant announcedAt = Instant.EPOCH;
    private Clock clock = Clock.systemUTC();

    public StaticClientsWatcher(
            GatewayConfig config, NasClientRegistry registry, RadiusEventPublisher events, MeterRegistry meters) {
        this.config = config;
        this.registry = registry;
        this.events = events;
        this.meters = meters;
        this.instance = instanceName();
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (config.clients().file().isEmpty()) {
            Log.info("no static RADIUS clients file (gateway.clients.file); console-managed clients only");
            return;
        }
        Path file = config.clients().file().get();
        apply(StaticClientsFile.read(file, config.clients().minSecretLength(), environment));
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zeropin-radius-clients-file");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.clients().reloadInterval().toMillis();
        poller.scheduleWithFixedDelay(() -> reload(file), interval, interval, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Reads the file again and applies it when it changed; keeps what is in force when it is invalid. */
    public boolean reload(Path file) {
        try {
            Loaded loaded = StaticClientsFile.read(file, config.clients().minSecretLength(), environment);
            lastProblem = null;
            if (Arrays.equals(loaded.fingerprint(), fingerprint)) {
                if (Duration.between(announcedAt, clock.instant())
                                .compareTo(config.clients().announceInterval())
                        >= 0) {
                    announce(loaded);
                }
                return false;
            }
            apply(loaded);
            meters.counter("zeropin.radius.clients.reloads", "outcome", "applied")
                    .increment();
            return true;
        } catch (InvalidClientsFileException e) {
            meters.counter("zeropin.radius.clients.reloads", "outcome", "invalid")
                    .increment();
            if (!e.getMessage().equals(lastProblem)) {
                Log.errorf("%s; the RADIUS clients in force stay unchanged", e.getMessage());
                lastProblem = e.getMessage();
            }
            return false;
        } catch (RuntimeException e) {
            meters.counter("zeropin.radius.clients.reloads", "outcome", "invalid")
                    .increment();
            Log.errorf(
                    "RADIUS clients file %s could not be reloaded (%s)",
                    file, e.getClass().getSimpleName());
            return false;
        }
    }

    private void apply(Loaded loaded) {
        registry.replaceStatic(loaded.clients());
        fingerprint = loaded.fingerprint();
        Log.infof(
                "static RADIUS clients in force: %s",
                loaded.clients().stream()
                        .map(client -> client.name() + " " + client.address())
                        .toList());
        announce(loaded);
    }

    private void announce(Loaded loaded) {
        announcedAt = clock.instant();
        events.publish(new StaticClientsLoaded(
                instance,
                loaded.clients().stream().map(StaticClientsWatcher::describe).toList()));
    }

    private static StaticClient describe(NasClient client) {
        return new StaticClient(
                client.name(), client.address().toString(), client.clientId(), client.requireMessageAuthenticator());
    }

    /** For tests: the clock that decides when the clients are announced again. */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** For tests: where {@code secretEnv} variables are looked up. */
    void useEnvironment(Function<String, String> lookup) {
        this.environment = lookup;
    }

    /** This gateway instance: host name and process id. */
    public String instance() {
        return instance;
    }

    /** The static clients in force. */
    public List<NasClient> staticClients() {
        return registry.clients().stream()
                .filter(client -> client.origin() == NasClient.Origin.STATIC)
                .toList();
    }

    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = "radius-gateway";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
