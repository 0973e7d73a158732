package dev.zeropin.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the Kafka clients that the services build themselves (the outbox relay, the
 * gateway's event producer and NAS-client reader, topic creation and the readiness check), all
 * from Quarkus's {@code kafka.*} configuration (the {@code default-kafka-broker} map that
 * {@code quarkus-messaging-kafka} channels use too): bootstrap servers, TLS and SASL are set in one
 * place for every client of a service. Each kind of client takes only the properties it knows.
 */
public final class KafkaClients {

    private KafkaClients() {}

    /**
     * A producer that loses no acknowledged record and never blocks its caller for long: acks from
     * every in-sync replica, idempotent, at most 5 s waiting for metadata or buffer space.
     *
     * @param deliveryTimeout how long a record is retried before its send fails
     * @param lingerMs how long a record may wait for others to share its request
     */
    public static Map<String, Object> reliableProducer(
            Map<String, Object> kafkaConfig, String clientId, Duration deliveryTimeout, int lingerMs) {
        Map<String, Object> settings = select(kafkaConfig, ProducerConfig.configNames());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        return settings;
    }

    /**
     * A consumer outside any group that reads a topic from its beginning and commits nothing: a
     * replica that rebuilds its state from a compacted topic at every start. It never creates a
     * topic by asking for it.
     */
    public static Map<String, Object> replayingConsumer(Map<String, Object> kafkaConfig, String clientId) {
        Map<String, Object> settings = select(kafkaConfig, ConsumerConfig.configNames());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return settings;
    }

    /** An admin client for background work (topic creation, checks): 5 s per request, 10 s per call. */
    public static Map<String, Object> admin(Map<String, Object> kafkaConfig, String clientId) {
        Map<String, Object> settings = select(kafkaConfig, AdminClientConfig.configNames());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Duration.ofSeconds(5).toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                Duration.ofSeconds(10).toMillis());
        settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
        return settings;
    }

    private static Map<String, Object> select(Map<String, Object> kafkaConfig, Set<String> known) {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((name, value) -> {
            if (known.contains(name)) {
                settings.put(name, value);
            }
        });
        return settings;
    }
}
