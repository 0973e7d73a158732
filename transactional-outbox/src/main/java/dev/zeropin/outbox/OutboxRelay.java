package dev.zeropin.outbox;

import dev.zeropin.support.kafka.KafkaClients;
import dev.zeropin.support.kafka.KafkaTopicInitializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes staged events to Kafka with {@code acks=all} and marks them published, in order.
 *
 * <p>It runs on its own thread with plain JDBC. It wakes when this process staged an event ({@link
 * #wake()}), and then looks often for a short while until the staging transaction committed, or
 * otherwise after the poll interval (events staged by other replicas). It does not use PostgreSQL
 * {@code NOTIFY}: a notifying transaction takes a database-wide lock at commit, which serialised
 * every login's commit (552 instead of 6,637 transactions/s in pgbench on the development
 * machine, docs/benchmarks.md). One replica publishes at a time
 * (transaction-scoped advisory lock), which keeps each subject's events in order. While Kafka or
 * PostgreSQL is down, events wait in the table and the relay retries with back-off; a batch is
 * marked published only after Kafka acknowledged every record of it, so an event may be published
 * twice (consumers are idempotent) but never lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final long ADVISORY_LOCK = 0x2e70_1d0c_0b0c_5e1aL;
    /** After a wake-up, how long the relay keeps looking often for the staging transaction's commit. */
    private static final long EAGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often it looks in that time. */
    private static final long EAGER_POLL_MILLIS = 20;

    private static final String SELECT_BATCH = "SELECT id, topic, event_key, envelope FROM zeropin_outbox"
            + " WHERE published_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String MARK_PUBLISHED = "UPDATE zeropin_outbox SET published_at = now() WHERE id = ANY (?)";

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Object> kafkaConfig;
    private final KafkaTopicInitializer topics;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile long eagerUntil = System.nanoTime();
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, String> producer;

    public OutboxRelay(
            DataSource dataSource,
            OutboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            KafkaTopicInitializer topics,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.topics = topics;
        this.published = registry.counter("zeropin.outbox.published");
        this.failures = registry.counter("zeropin.outbox.failures");
        registry.gauge("zeropin.outbox.oldest.pending.seconds", oldestPendingSeconds);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "zeropin-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Tells the relay that this process is staging an event: it will look for it as soon as the
     * staging transaction commits. Cheap and non-blocking; may be called from an event loop.
     */
    public void wake() {
        eagerUntil = System.nanoTime() + EAGER_NANOS;
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try {
                awaitTopics();
                while (running) {
                    int count = relayBatch();
                    backoff = Duration.ofMillis(200);
                    if (count < config.batchSize()) {
                        awaitWork();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException | ExecutionException | TimeoutException e) {
                failures.increment();
                Log.warnf("outbox relay paused for %d ms: %s", backoff.toMillis(), describe(e));
                if (!sleep(backoff)) {
                    return;
                }
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
        }
    }

    /**
     * Publishes one batch of unpublished events, if this replica holds the relay lock.
     *
     * @return the number of events published
     */
    int relayBatch() throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int count = publishLocked(connection);
                connection.commit();
                published.increment(count);
                return count;
            } catch (SQLException | InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int publishLocked(Connection connection)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        try (Statement lock = connection.createStatement();
                ResultSet locked = lock.executeQuery("SELECT pg_try_advisory_xact_lock(" + ADVISORY_LOCK + ")")) {
            if (!locked.next() || !locked.getBoolean(1)) {
                return 0;
            }
        }
        List<UUID> ids = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
            select.setInt(1, config.batchSize());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject("id", UUID.class));
                    acks.add(producer()
                            .send(new ProducerRecord<>(
                                    rows.getString("topic"), rows.getString("event_key"), rows.getString("envelope"))));
                }
            }
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (!ids.isEmpty()) {
            try (PreparedStatement mark = connection.prepareStatement(MARK_PUBLISHED)) {
                Array array = connection.createArrayOf("uuid", ids.toArray());
                mark.setArray(1, array);
                mark.executeUpdate();
            }
        }
        updatePendingAge(connection);
        return ids.size();
    }

    private void updatePendingAge(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)"
                                + " FROM zeropin_outbox WHERE published_at IS NULL")) {
            if (rows.next()) {
                oldestPendingSeconds.set(rows.getLong(1));
            }
        }
    }

    /**
     * Waits for a wake-up or the poll interval; shortly after a wake-up it waits only a little,
     * because the staging transaction commits after it staged.
     */
    private void awaitWork() throws InterruptedException {
        long eagerLeft = eagerUntil - System.nanoTime();
        long wait = eagerLeft > 0 ? EAGER_POLL_MILLIS : config.pollInterval().toMillis();
        if (wakeUps.tryAcquire(wait, TimeUnit.MILLISECONDS) && eagerLeft <= 0) {
            // woken from idle: give the staging transaction a moment to commit
            Thread.sleep(EAGER_POLL_MILLIS / 4);
        }
    }

    private void awaitTopics() throws InterruptedException, ExecutionException {
        while (running) {
            try {
                topics.ready().get(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                Log.debug("waiting for the Kafka topics before publishing");
            }
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    KafkaClients.reliableProducer(kafkaConfig, "zeropin-outbox-relay", config.sendTimeout(), 0),
                    new StringSerializer(),
                    new StringSerializer());
        }
        return producer;
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
