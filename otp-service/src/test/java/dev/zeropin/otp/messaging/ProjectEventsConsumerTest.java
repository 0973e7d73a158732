package dev.zeropin.otp.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zeropin.events.EventCodec;
import dev.zeropin.events.EventEnvelope;
import dev.zeropin.events.ProjectEvents.ProjectCreated;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ProjectUpdated;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.otp.OtpTestResources;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** otp-service learns projects from project-events, in order, once per event. */
@QuarkusTest
@OtpTestResources
class ProjectEventsConsumerTest {

    private final EventCodec codec = new EventCodec();

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectPostgres
    PostgresServer postgres;

    private static ProjectSettings settings(int otpLength) {
        return new ProjectSettings(
                "Copied", true, otpLength, 120, Set.of(VerificationMethod.EMAIL_CODE), List.of(), true, false);
    }

    private static String newClientId() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void copiesACreatedProject() {
        String clientId = newClientId();

        publish(codec.envelope(new ProjectCreated(clientId, settings(8)), Instant.now()));

        Map<String, Object> copy = awaitCopy(clientId, 0);
        assertThat(copy).containsEntry("otp_length", 8).containsEntry("otp_lifetime_seconds", 120);
        assertThat(copy).containsEntry("enabled", true).containsEntry("name", "Copied");
    }

    @Test
    void appliesARedeliveredEventOnlyOnce() {
        String clientId = newClientId();
        EventEnvelope created = codec.envelope(new ProjectCreated(clientId, settings(6)), Instant.now());

        publish(created);
        publish(created);
        publish(codec.envelope(new ProjectUpdated(clientId, 1, settings(7)), Instant.now()));
        awaitCopy(clientId, 1);

        assertThat(postgres.query(
                        "otp", "SELECT count(*) AS n FROM zeropin_processed_event WHERE event_id = ?", created.id()))
                .containsExactly(Map.of("n", 1L));
    }

    @Test
    void ignoresAnUpdateOlderThanTheCopy() {
        String clientId = newClientId();
        publish(codec.envelope(new ProjectCreated(clientId, settings(6)), Instant.now()));
        publish(codec.envelope(new ProjectUpdated(clientId, 2, settings(9)), Instant.now()));
        awaitCopy(clientId, 2);

        publish(codec.envelope(new ProjectUpdated(clientId, 1, settings(7)), Instant.now()));
        String marker = newClientId();
        publish(codec.envelope(new ProjectCreated(marker, settings(6)), Instant.now()));
        awaitCopy(marker, 0);

        assertThat(awaitCopy(clientId, 2)).containsEntry("otp_length", 9);
    }

    @Test
    void skipsRecordsThatAreNotEventsAndKeepsConsuming() {
        String clientId = newClientId();

        publishRaw("garbage", "this is not json");
        publishRaw("half", "{\"type\":\"project.created\"}");
        publish(codec.envelope(new ProjectCreated(clientId, settings(6)), Instant.now()));

        awaitCopy(clientId, 0);
    }

    private Map<String, Object> awaitCopy(String clientId, long revision) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> postgres.query("otp", "SELECT * FROM project_copy WHERE client_id = ?", clientId).stream()
                                .findFirst()
                                .orElse(Map.of()),
                        row -> Long.valueOf(revision).equals(row.get("revision")));
    }

    private void publish(EventEnvelope envelope) {
        publishRaw(envelope.subject(), codec.toJson(envelope));
    }

    private void publishRaw(String key, String value) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.PROJECT_EVENTS, key, value))
                    .get();
        } catch (Exception e) {
            throw new AssertionError("could not publish a test record", e);
        }
    }
}
