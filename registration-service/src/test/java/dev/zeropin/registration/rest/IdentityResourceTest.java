package dev.zeropin.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.zeropin.events.AuthEvents.IdentityBlocked;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.keys.SigningKey;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.mpin.Curve;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.mpin.Wire;
import dev.zeropin.registration.EventRecords;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RegistrationTestResources
class IdentityResourceTest {

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    @InjectPostgres
    PostgresServer postgres;

    @InjectKafkaBroker
    KafkaBroker broker;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Registrations.createProject(keys, Map.of());
    }

    private static String user() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void issuesAClientSecretOfTheMasterSecretForANewMpinId() throws Exception {
        String user = user();

        Response response = Registrations.registerAndCreateIdentity(mail, clientId, user);

        response.then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("curve", equalTo("BLS12381-SHA256"))
                .body("userId", equalTo(user))
                .body("clientId", equalTo(clientId))
                .body("otpServiceUrl", equalTo("http://localhost:8081"));
        MpinId id = MpinId.parse(response.path("mpinId"));
        assertThat(id.clientId()).isEqualTo(clientId);
        assertThat(id.userId()).isEqualTo(user);
        assertThat(Wire.decode(response.path("clientSecret")))
                .isEqualTo(keys.masterSecret().clientSecret(id));
        assertThat(Wire.decode(response.path("hid"))).isEqualTo(Curve.hashToPoint(id.raw()));
        assertThat(postgres.query(
                        "registration", "SELECT state, device_label FROM identity WHERE mpin_id = ?", id.hex()))
                .containsExactly(Map.of("state", "ACTIVE", "device_label", "Test device"));
    }

    @Test
    void publishesTheRegistrationOnIdentityEvents() {
        String mpinId = Registrations.registerAndCreateIdentity(mail, clientId, user())
                .then()
                .statusCode(201)
                .extract()
                .path("mpinId");

        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.IDENTITY_EVENTS)) {
            var records = reader.await(record -> mpinId.equals(record.key()), 1, Duration.ofSeconds(30));
            assertThat(records.get(0).value())
                    .contains("\"identity.registered\"")
                    .doesNotContain("clientSecret");
        }
    }

    @Test
    void refusesForgedExpiredAndMalformedActivationTokens() {
        String forged = SigningKey.generate("activation")
                .signJwt(
                        "zeropin-registration",
                        "zeropin-activation",
                        "a@example.com",
                        List.of(),
                        Duration.ofMinutes(5),
                        Map.of(
                                "clientId",
                                clientId,
                                "registrationId",
                                UUID.randomUUID().toString()));
        Registrations.createIdentity(forged).then().statusCode(401).body("code", equalTo("invalid_activation_token"));

        JwtClaims expired = new JwtClaims();
        expired.setIssuer("zeropin-registration");
        expired.setAudience("zeropin-activation");
        expired.setSubject("a@example.com");
        expired.setJwtId(UUID.randomUUID().toString());
        expired.setClaim("clientId", clientId);
        expired.setClaim("registrationId", UUID.randomUUID().toString());
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 60));
        Registrations.createIdentity(keys.signingKey(KeyRing.ACTIVATION_SIGNING).sign(expired))
                .then()
                .statusCode(401);

        Registrations.createIdentity("not.a.jwt").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/identities")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void anIdentityBlockedByOtpServiceIsRevokedAndTheRevocationPublished() throws Exception {
        String user = user();
        String mpinId = Registrations.registerAndCreateIdentity(mail, clientId, user)
                .then()
                .statusCode(201)
                .extract()
                .path("mpinId");
        EventRecords.publish(broker, Topics.AUTH_EVENTS, new IdentityBlocked(mpinId, clientId, user));

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> postgres.query("registration", "SELECT state FROM identity WHERE mpin_id = ?", mpinId)
                        .equals(List.of(Map.of("state", "REVOKED"))));
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.IDENTITY_EVENTS)) {
            var revoked = reader.await(
                    record -> mpinId.equals(record.key()) && record.value().contains("\"identity.revoked\""),
                    1,
                    Duration.ofSeconds(30));
            assertThat(revoked.get(0).value()).contains("\"BLOCKED\"");
        }
    }
}
