package dev.zeropin.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    /** What Quarkus hands over as "default-kafka-broker": connection settings and others. */
    private static final Map<String, Object> QUARKUS = Map.of(
            "bootstrap.servers", "kafka-0:9093,kafka-1:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "ssl.truststore.location", "/etc/zeropin/kafka/ca.p12",
            "group.id", "zeropin-otp-service",
            "devservices.enabled", "false",
            "health.enabled", "true");

    @Test
    void everyClientGetsTheConnectionTlsAndSaslSettings() {
        List<Map<String, Object>> clients = List.of(
                KafkaClients.reliableProducer(QUARKUS, "p", Duration.ofSeconds(30), 5),
                KafkaClients.replayingConsumer(QUARKUS, "c"),
                KafkaClients.admin(QUARKUS, "a"));
        for (Map<String, Object> settings : clients) {
            assertThat(settings)
                    .containsEntry("bootstrap.servers", "kafka-0:9093,kafka-1:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/etc/zeropin/kafka/ca.p12")
                    .doesNotContainKeys("devservices.enabled", "health.enabled");
        }
    }

    @Test
    void aProducerWaitsForEveryReplicaAndBlocksItsCallerAtMostFiveSeconds() {
        Map<String, Object> settings =
                KafkaClients.reliableProducer(QUARKUS, "zeropin-outbox-relay", Duration.ofSeconds(45), 0);

        assertThat(settings)
                .containsEntry("client.id", "zeropin-outbox-relay")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.block.ms", 5_000)
                .containsEntry("delivery.timeout.ms", 45_000)
                .containsEntry("linger.ms", 0)
                .doesNotContainKey("group.id");
    }

    @Test
    void aReplayingConsumerReadsFromTheBeginningOutsideAnyGroupAndCreatesNoTopic() {
        Map<String, Object> settings = KafkaClients.replayingConsumer(QUARKUS, "zeropin-radius-gateway-clients");

        assertThat(settings)
                .doesNotContainKey("group.id")
                .containsEntry("client.id", "zeropin-radius-gateway-clients")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("allow.auto.create.topics", false);
    }
}
