package dev.zeropin.gateway.messaging;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventCodec;
import dev.zeropin.events.NasSecretKeys;
import dev.zeropin.events.RadiusClientEvents.RadiusClientDeleted;
import dev.zeropin.events.RadiusClientEvents.RadiusClientUpserted;
import dev.zeropin.events.SecretSeal;
import dev.zeropin.events.Topics;
import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.gateway.service.NasClientRegistry;
import dev.zeropin.support.kafka.KafkaClients;
import dev.zeropin.support.net.Cidr;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Applies the console-managed RADIUS clients of {@value Topics#RADIUS_CLIENT_EVENTS}. Every gateway
 * instance must know every client, so each reads the whole topic from the beginning at every start,
 * with its partitions assigned by hand (no consumer group, nothing committed), then follows it.
 * Records apply by revision, and only when their seal opens with a NAS secret key: every field of
 * an upserted record is bound to its sealed secrets, and a deleted record carries a seal of its
 * own, so a producer on the topic without the key can neither change a client (address, project,
 * revision, Message-Authenticator requirement, overlap) nor delete one. During a key rotation the
 * key file holds the new key and the old one, and either opens. A missing or empty topic is normal
 * (no console client yet): the consumer keeps looking for it.
 */
@ApplicationScoped
public class RadiusClientEventsConsumer {

    private static final Duration PARTITION_CHECK = Duration.ofSeconds(10);

    private final Map<String, Object> kafkaConfig;
    private final GatewayConfig config;
    private final NasClientRegistry registry;
    private final MeterRegistry meters;
    private final EventCodec codec = new EventCodec();
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;
    private NasSecretKeys keys;

    public RadiusClientEventsConsumer(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            GatewayConfig config,
            NasClientRegistry registry,
            MeterRegistry meters) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.registry = registry;
        this.meters = meters;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.clients().dynamic()) {
            return;
        }
        Optional<Path> keyFile = config.keys().nasSecretKey();
        if (keyFile.isEmpty()) {
            Log.warn("gateway.keys.nas-secret-key (ZEROPIN_NAS_SECRET_KEY) is not set:"
                    + " RADIUS clients managed in the console are not applied");
            return;
        }
        keys = NasSecretKeys.read(keyFile.get(), "gateway.keys.nas-secret-key");
        running = true;
        thread = new Thread(this::run, "zeropin-radius-client-events");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(
                KafkaClients.replayingConsumer(kafkaConfig, "zeropin-radius-gateway-clients"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer = kafka;
            Set<TopicPartition> assigned = new HashSet<>();
            long nextCheck = 0;
            while (running) {
                try {
                    if (System.nanoTime() >= nextCheck) {
                        assigned = assign(kafka, assigned);
                        nextCheck = System.nanoTime()
                                + (assigned.isEmpty() ? Duration.ofSeconds(2) : PARTITION_CHECK).toNanos();
                    }
                    if (assigned.isEmpty()) {
                        Thread.sleep(500);
                        continue;
                    }
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                } catch (WakeupException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    Log.warnf(
                            "radius-client-events not readable yet (%s); retrying",
                            e.getClass().getSimpleName());
                    pause();
                }
            }
        }
    }

    /** Assigns every partition of the topic; new ones are read from their beginning. */
    private Set<TopicPartition> assign(KafkaConsumer<String, String> kafka, Set<TopicPartition> assigned) {
        List<PartitionInfo> partitions = kafka.partitionsFor(Topics.RADIUS_CLIENT_EVENTS, Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
            return assigned;
        }
        Set<TopicPartition> all = partitions.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .collect(Collectors.toSet());
        if (all.equals(assigned)) {
            return assigned;
        }
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(assigned);
        kafka.assign(all);
        kafka.seekToBeginning(added);
        Log.debugf("following %s (%d partitions)", Topics.RADIUS_CLIENT_EVENTS, all.size());
        return all;
    }

    void apply(ConsumerRecord<String, String> record) {
        Optional<DomainEvent> event;
        try {
            event = codec.payload(codec.fromJson(record.value()));
        } catch (EventCodec.MalformedEventException e) {
            count("malformed");
            Log.warnf("skipped a record of %s that is not an event", Topics.RADIUS_CLIENT_EVENTS);
            return;
        }
        if (event.isEmpty()) {
            count("unknown_type");
            return;
        }
        if (event.get() instanceof RadiusClientUpserted upserted) {
            toClient(upserted).ifPresent(client -> {
                if (registry.upsertConsoleClient(client, upserted.revision())) {
                    Log.infof(
                            "RADIUS client %s (%s) from the console applied (revision %d)",
                            client.name(), client.address(), upserted.revision());
                }
                count("applied");
            });
        } else if (event.get() instanceof RadiusClientDeleted deleted) {
            try {
                keys.open(key -> {
                    SecretSeal.verifyDeletion(key, deleted);
                    return deleted;
                });
            } catch (IllegalArgumentException e) {
                count("seal_invalid");
                Log.warnf(
                        "a deletion of RADIUS client %s on %s is not sealed with this gateway's NAS secret key;"
                                + " ignored",
                        deleted.name(), Topics.RADIUS_CLIENT_EVENTS);
                return;
            }
            if (registry.deleteConsoleClient(deleted.id(), deleted.revision())) {
                Log.infof("RADIUS client %s from the console removed", deleted.name());
            }
            count("applied");
        }
    }

    private Optional<NasClient> toClient(RadiusClientUpserted upserted) {
        Optional<Cidr> address = Cidr.parse(upserted.address());
        if (address.isEmpty() || upserted.secret() == null || upserted.clientId() == null) {
            count("invalid");
            Log.warnf("RADIUS client %s from the console is incomplete; ignored", upserted.name());
            return Optional.empty();
        }
        String secret;
        String previous;
        try {
            SecretSeal.OpenedSecrets opened = keys.open(key -> SecretSeal.openEvent(key, upserted));
            secret = opened.secret();
            previous = opened.previousSecret();
        } catch (IllegalArgumentException e) {
            count("seal_invalid");
            Log.warnf(
                    "RADIUS client %s from the console: its seal does not open with this gateway's NAS secret key"
                            + " for these settings (another key, or a record changed on the way); ignored",
                    upserted.name());
            return Optional.empty();
        }
        if (secret.length() < config.clients().minSecretLength()) {
            count("invalid");
            Log.warnf("RADIUS client %s from the console has a secret that is too short; ignored", upserted.name());
            return Optional.empty();
        }
        return Optional.of(new NasClient(
                upserted.id(),
                upserted.name(),
                address.get(),
                upserted.clientId(),
                upserted.requireMessageAuthenticator(),
                secret.getBytes(StandardCharsets.UTF_8),
                previous == null ? null : previous.getBytes(StandardCharsets.UTF_8),
                upserted.previousSecretValidUntil(),
                NasClient.Origin.CONSOLE,
                null));
    }

    private void count(String outcome) {
        meters.counter("zeropin.events.consumed", "topic", Topics.RADIUS_CLIENT_EVENTS, "outcome", outcome)
                .increment();
    }

    private static void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
