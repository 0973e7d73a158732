package dev.zeropin.support.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the service's topics when they are missing, in the background: a service starts even
 * when Kafka is down, and keeps trying until the broker answers.
 */
@ApplicationScoped
public class KafkaTopicInitializer {

    private final KafkaTopicsConfig config;
    private final Map<String, Object> kafkaConfig;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private ScheduledExecutorService executor;

    public KafkaTopicInitializer(
            KafkaTopicsConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.createTopics()) {
            ready.complete(null);
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zeropin-kafka-topics");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::createUntilDone);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Completes once every configured topic exists. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    private void createUntilDone() {
        try {
            createMissingTopics();
            ready.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Log.warnf(
                    "Kafka topics not ready yet (%s); retrying in 2 s",
                    e.getClass().getSimpleName());
            executor.schedule(this::createUntilDone, 2, TimeUnit.SECONDS);
        }
    }

    private void createMissingTopics() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(KafkaClients.admin(kafkaConfig, "zeropin-topics"))) {
            var existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            List<NewTopic> missing = config.topics().stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, config.partitions(), config.replicationFactor())
                            .configs(topicConfig(topic)))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                Log.infof(
                        "created Kafka topics %s",
                        missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** State topics are compacted (see {@link KafkaTopicsConfig#compactedTopics()}); the others expire. */
    private Map<String, String> topicConfig(String topic) {
        return config.compactedTopics().contains(topic)
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                : Map.of();
    }
}
