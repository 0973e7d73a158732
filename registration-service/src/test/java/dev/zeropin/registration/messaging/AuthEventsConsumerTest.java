package dev.zeropin.registration.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.events.AuthEvents.DirectoryCachedAnswerUsed;
import dev.zeropin.events.AuthEvents.DirectoryRefused;
import dev.zeropin.events.AuthEvents.IdentityBlocked;
import dev.zeropin.events.AuthEvents.OtpIssued;
import dev.zeropin.events.AuthEvents.PinFailed;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.registration.EventRecords;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** otp-service's events, consumed in batches: audited once each, a block revokes the identity. */
@QuarkusTest
@RegistrationTestResources
class AuthEventsConsumerTest {

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    @InjectPostgres
    PostgresServer postgres;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void aBlockInsideABatchRevokesTheIdentityOnceAndEveryEventIsAudited() {
        String clientId = Registrations.createProject(keys, Map.of());
        String userId = "b" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String mpinId = Registrations.registerAndCreateIdentity(mail, clientId, userId)
                .then()
                .statusCode(201)
                .extract()
                .path("mpinId");
        String blocked = EventRecords.json(new IdentityBlocked(mpinId, clientId, userId));
        List<String> batch = List.of(
                EventRecords.json(new OtpIssued(
                        "otp-1", mpinId, clientId, userId, Instant.now().plusSeconds(60))),
                EventRecords.json(new PinFailed(mpinId, clientId, userId, 2, "192.0.2.1")),
                EventRecords.json(new PinFailed(mpinId, clientId, userId, 1, "192.0.2.1")),
                EventRecords.json(new PinFailed(mpinId, clientId, userId, 0, "192.0.2.1")),
                blocked,
                blocked);

        EventRecords.publishAll(broker, Topics.AUTH_EVENTS, mpinId, batch);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> audited(userId) >= 5);
        assertThat(postgres.query(
                        "registration", "SELECT state, revoked_reason FROM identity WHERE mpin_id = ?", mpinId))
                .containsExactly(Map.of("state", "REVOKED", "revoked_reason", "blocked"));
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.IDENTITY_EVENTS)) {
            var revocations = reader.collect(
                    record -> mpinId.equals(record.key()) && record.value().contains("\"identity.revoked\""),
                    Duration.ofSeconds(3));
            assertThat(revocations).hasSize(1);
            assertThat(revocations.get(0).value()).contains("\"BLOCKED\"");
        }
        assertThat(audited(userId)).isEqualTo(5);
    }

    @Test
    void directoryRefusalsAtLoginTimeAreAuditedWithTheirReason() {
        String clientId = Registrations.createProject(keys, Map.of());
        String userId = "d" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        EventRecords.publishAll(
                broker,
                Topics.AUTH_EVENTS,
                clientId + "/" + userId,
                List.of(
                        EventRecords.json(
                                new DirectoryRefused(clientId, userId, "otp", "disabled in the directory", null)),
                        EventRecords.json(new DirectoryRefused(
                                clientId, userId, "radius", "not in a required directory group", "vpn1")),
                        EventRecords.json(new DirectoryCachedAnswerUsed(
                                clientId, userId, "radius", 90, "directory not asked (directory_unreachable: down)"))));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> audited(userId) >= 3);
        assertThat(postgres.query(
                        "registration",
                        "SELECT type, result, nas_name, detail FROM audit_event WHERE user_id = ? ORDER BY type, detail",
                        userId))
                .extracting(row ->
                        row.get("type") + "|" + row.get("result") + "|" + row.get("nas_name") + "|" + row.get("detail"))
                .containsExactly(
                        "directory.cached-answer-used|info|null|directory (radius): directory not asked"
                                + " (directory_unreachable: down)",
                        "directory.refused|failure|vpn1|directory: live OTP refused over RADIUS: not in a required"
                                + " directory group",
                        "directory.refused|failure|null|directory: no OTP issued: disabled in the directory");
    }

    private long audited(String userId) {
        return postgres.query("registration", "SELECT 1 FROM audit_event WHERE user_id = ?", userId)
                .size();
    }
}
