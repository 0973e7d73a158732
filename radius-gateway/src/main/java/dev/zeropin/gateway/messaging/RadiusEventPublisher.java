package dev.zeropin.gateway.messaging;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventCodec;
import dev.zeropin.events.RadiusEvents.PacketDropped;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.support.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes radius-events. The gateway has no database, hence no outbox: events go straight to a
 * Kafka producer ({@code acks=all}, idempotent) from one thread of their own, so that the UDP path
 * never waits for Kafka. The queue in front of it is bounded: when Kafka is away for long, events
 * beyond it are counted as lost ({@code zeropin_radius_events_lost_total}) rather than filling the
 * heap. Accounting records are answered at once and followed here: {@link #publishAcknowledged} tells
 * the gateway whether one reached Kafka, so that a lost one is counted.
 *
 * <p>Drops are aggregated: one {@link PacketDropped} per (client or source, reason) and window, with
 * the count, and at most a configured number of sources per window, so that a flood of bad packets
 * cannot flood Kafka.
 */
@ApplicationScoped
public class RadiusEventPublisher {

    private record DropKey(String nasName, String sourceAddress, String reason) {}

    private final Map<String, Object> kafkaConfig;
    private final GatewayConfig.Events config;
    private final MeterRegistry registry;
    private final EventCodec codec = new EventCodec();
    private final ConcurrentHashMap<DropKey, LongAdder> drops = new ConcurrentHashMap<>();
    private ThreadPoolExecutor sender;
    private ScheduledExecutorService windows;
    private volatile KafkaProducer<String, String> producer;

    public RadiusEventPublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            GatewayConfig config,
            MeterRegistry registry) {
        this.kafkaConfig = kafkaConfig;
        this.config = config.events();
        this.registry = registry;
    }

    /** Before every other start-up observer: the clients watcher publishes while starting. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueSize()),
                daemon("zeropin-radius-events"));
        windows = new ScheduledThreadPoolExecutor(1, daemon("zeropin-radius-drop-window"));
        long window = config.dropWindow().toMillis();
        windows.scheduleAtFixedRate(this::flushDrops, window, window, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (windows != null) {
            windows.shutdownNow();
            flushDrops();
        }
        if (sender != null) {
            sender.shutdown();
            try {
                sender.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            current.close(java.time.Duration.ofSeconds(2));
        }
    }

    /** Publishes an event; never blocks, never fails (a lost event is counted). */
    public void publish(DomainEvent event) {
        send(event).exceptionally(failure -> null);
    }

    /** Publishes an event and completes when Kafka acknowledged it (fails when it could not). */
    public CompletionStage<Void> publishAcknowledged(DomainEvent event) {
        return send(event);
    }

    /** Counts a dropped packet; published with the others of its window. */
    public void dropped(String nasName, String sourceAddress, String reason) {
        DropKey key = new DropKey(nasName, sourceAddress, reason);
        LongAdder count = drops.get(key);
        if (count == null) {
            if (drops.size() >= config.maxDropSources()) {
                key = new DropKey(null, "*", reason);
            }
            count = drops.computeIfAbsent(key, ignored -> new LongAdder());
        }
        count.increment();
    }

    /** Publishes the drops counted since the last window (also called at shutdown). */
    void flushDrops() {
        for (DropKey key : List.copyOf(drops.keySet())) {
            LongAdder count = drops.remove(key);
            long n = count == null ? 0 : count.sum();
            if (n > 0) {
                publish(new PacketDropped(key.nasName(), key.sourceAddress(), key.reason(), n));
            }
        }
    }

    private CompletableFuture<Void> send(DomainEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String json = codec.toJson(codec.envelope(event, Instant.now()));
        ProducerRecord<String, String> record = new ProducerRecord<>(EventCodec.topicOf(event), event.subject(), json);
        try {
            sender.execute(() -> {
                try {
                    producer().send(record, (metadata, failure) -> {
                        if (failure == null) {
                            done.complete(null);
                        } else {
                            lost(failure);
                            done.completeExceptionally(failure);
                        }
                    });
                } catch (RuntimeException e) {
                    lost(e);
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException | NullPointerException e) {
            lost(e);
            done.completeExceptionally(e);
        }
        return done;
    }

    private void lost(Throwable failure) {
        registry.counter("zeropin.radius.events.lost").increment();
        Log.debugf("a radius event was not published: %s", failure.getClass().getSimpleName());
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            current = new KafkaProducer<>(
                    KafkaClients.reliableProducer(
                            kafkaConfig, "zeropin-radius-gateway-events", Duration.ofSeconds(30), 5),
                    new StringSerializer(),
                    new StringSerializer());
            producer = current;
        }
        return current;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(Objects.requireNonNull(runnable), name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
