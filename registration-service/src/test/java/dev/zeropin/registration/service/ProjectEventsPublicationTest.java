package dev.zeropin.registration.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zeropin.events.EventCodec;
import dev.zeropin.events.EventEnvelope;
import dev.zeropin.events.ProjectEvents.ProjectCreated;
import dev.zeropin.events.ProjectEvents.ProjectUpdated;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.registration.RegistrationTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Project changes leave registration-service as project-events, through the outbox. */
@QuarkusTest
@RegistrationTestResources
class ProjectEventsPublicationTest {

    private final EventCodec codec = new EventCodec();

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectKeys
    KeyRing keys;

    @InjectPostgres
    PostgresServer postgres;

    @Test
    void stagingAnEventTakesNoDatabaseWideLock() {
        // NOTIFY at commit would serialise every transaction that stages an event (V8 removed it).
        assertThat(
                        postgres.query(
                                "registration",
                                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'zeropin_outbox'::regclass AND NOT tgisinternal"))
                .isEmpty();
        assertThat(postgres.query(
                        "registration", "SELECT proname FROM pg_proc WHERE proname = 'zeropin_outbox_notify'"))
                .isEmpty();
    }

    @Test
    void publishesCreatedAndUpdatedEventsKeyedByClientId() {
        String clientId = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        createProject(clientId);
        changeOtpLength(clientId, 7);

        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.PROJECT_EVENTS)) {
            var records = reader.await(record -> clientId.equals(record.key()), 2, Duration.ofSeconds(30));

            EventEnvelope created = codec.fromJson(records.get(0).value());
            EventEnvelope updated = codec.fromJson(records.get(1).value());
            assertThat(created.type()).isEqualTo("project.created");
            assertThat(created.subject()).isEqualTo(clientId);
            assertThat(codec.payload(created).orElseThrow())
                    .isInstanceOfSatisfying(
                            ProjectCreated.class,
                            event -> assertThat(event.settings().otpLength()).isEqualTo(6));
            assertThat(codec.payload(updated).orElseThrow()).isInstanceOfSatisfying(ProjectUpdated.class, event -> {
                assertThat(event.revision()).isEqualTo(1);
                assertThat(event.settings().otpLength()).isEqualTo(7);
            });
        }
    }

    @Test
    void keepsEventsWhileKafkaIsDownAndPublishesEachOnceItIsBack() {
        String clientId = "down-" + UUID.randomUUID().toString().substring(0, 8);
        broker.stop();
        try {
            createProject(clientId);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
        } finally {
            broker.start();
        }

        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.PROJECT_EVENTS)) {
            reader.await(record -> clientId.equals(record.key()), 1, Duration.ofSeconds(60));
            var all = reader.collect(record -> clientId.equals(record.key()), Duration.ofSeconds(2));
            assertThat(all.stream()
                            .map(ConsumerRecord::value)
                            .map(codec::fromJson)
                            .map(EventEnvelope::id))
                    .as("one event, published once")
                    .hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private void createProject(String clientId) {
        given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "name", "Events"))
                .post("/api/v1/admin/projects")
                .then()
                .statusCode(201);
    }

    private void changeOtpLength(String clientId, int length) {
        given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(Map.of("otpLength", length))
                .patch("/api/v1/admin/projects/" + clientId)
                .then()
                .statusCode(200);
    }
}
