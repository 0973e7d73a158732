package dev.zeropin.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.zeropin.events.AuthEvents.OtpIssued;
import dev.zeropin.events.AuthEvents.OtpVerified;
import dev.zeropin.events.RadiusEvents.AccessAccepted;
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
import dev.zeropin.registration.EventRecords;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users manage their identities with a fresh PIN proof; administrators with an admin token. */
@QuarkusTest
@RegistrationTestResources
class IdentityManagementTest {

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    @InjectPostgres
    PostgresServer postgres;

    @InjectKafkaBroker
    KafkaBroker broker;

    private String clientId;
    private String userId;
    private String mpinId;

    @BeforeEach
    void registeredIdentity() {
        clientId = Registrations.createProject(keys, Map.of());
        userId = "m" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        mpinId = Registrations.registerAndCreateIdentity(mail, clientId, userId)
                .then()
                .statusCode(201)
                .extract()
                .path("mpinId");
    }

    /** An assertion as otp-service signs it after a PIN proof. */
    private String assertion(String subject, String purpose) {
        return Registrations.assertion(keys, subject, purpose);
    }

    private RequestSpecification asAdmin() {
        return given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON);
    }

    private String state() {
        return (String) postgres.query("registration", "SELECT state FROM identity WHERE mpin_id = ?", mpinId)
                .get(0)
                .get("state");
    }

    @Test
    void aDeviceDeletesItsIdentityWithAFreshPinProofOnce() {
        String proof = assertion(mpinId, "manage");

        given().header("Authorization", "Bearer " + proof)
                .contentType(ContentType.JSON)
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/identities/revocation")
                .then()
                .statusCode(204);

        assertThat(state()).isEqualTo("REVOKED");
        given().header("Authorization", "Bearer " + proof)
                .contentType(ContentType.JSON)
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/identities/revocation")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_assertion"));
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.IDENTITY_EVENTS)) {
            var revoked = reader.await(
                    record -> mpinId.equals(record.key()) && record.value().contains("\"identity.revoked\""),
                    1,
                    Duration.ofSeconds(30));
            assertThat(revoked.get(0).value()).contains("\"USER\"");
        }
    }

    /** Issue 16 item 5: mpinIds stay out of URLs (access logs, proxies, browser histories). */
    @Test
    void noPathTakesAnMpinId() {
        String proof = assertion(mpinId, "manage");

        given().header("Authorization", "Bearer " + proof)
                .delete("/api/v1/identities/" + mpinId)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(404, 405));
        given().header("Authorization", "Bearer " + proof)
                .get("/api/v1/identities/" + mpinId + "/history")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(404, 405));
        asAdmin()
                .post("/api/v1/admin/identities/" + mpinId + "/revocation")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(404, 405));
        Registrations.registerAndCreateIdentity(mail, clientId, userId)
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.nullValue());
        assertThat(state()).isEqualTo("ACTIVE");
    }

    @Test
    void refusesMissingForgedForeignAndMisdirectedProofs() {
        given().contentType(ContentType.JSON)
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/identities/revocation")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_assertion"));
        String forged = SigningKey.generate("assertion")
                .signJwt(
                        "zeropin-otp",
                        "zeropin-registration",
                        mpinId,
                        List.of(),
                        Duration.ofMinutes(2),
                        Map.of("purpose", "manage"));
        given().header("Authorization", "Bearer " + forged)
                .contentType(ContentType.JSON)
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/identities/revocation")
                .then()
                .statusCode(401);
        String otherIdentity =
                Registrations.registerAndCreateIdentity(mail, clientId, userId).path("mpinId");
        given().header("Authorization", "Bearer " + assertion(otherIdentity, "manage"))
                .contentType(ContentType.JSON)
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/identities/revocation")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + assertion(mpinId, "admin-login"))
                .contentType(ContentType.JSON)
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/identities/revocation")
                .then()
                .statusCode(401);
        assertThat(state()).isEqualTo("ACTIVE");
    }

    @Test
    void aDeviceReadsTheUsageHistoryOfItsIdentity() {
        publish(
                Topics.AUTH_EVENTS,
                new OtpIssued("otp-1", mpinId, clientId, userId, Instant.now().plusSeconds(90)));
        publish(Topics.AUTH_EVENTS, new OtpVerified("otp-1", clientId, userId, "PAP", "vpn-berlin"));
        publish(Topics.RADIUS_EVENTS, new AccessAccepted("vpn-berlin", "10.0.0.9", clientId, userId, "PAP", 850));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> postgres.query("registration", "SELECT 1 FROM audit_event WHERE user_id = ?", userId)
                                .size()
                        == 3);

        given().header("Authorization", "Bearer " + assertion(mpinId, "manage"))
                .contentType(ContentType.JSON)
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/identities/history")
                .then()
                .statusCode(200)
                .body("$", hasSize(3))
                .body("nasName", hasItem("vpn-berlin"))
                .body("detail", hasItem("OTP used (PAP)"))
                .body("result", hasItem("success"));
    }

    @Test
    void anAdministratorListsAndRevokesIdentities() {
        String second =
                Registrations.registerAndCreateIdentity(mail, clientId, userId).path("mpinId");

        asAdmin()
                .get("/api/v1/admin/identities?clientId=" + clientId + "&userId=" + userId.toUpperCase())
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("state", hasItem("ACTIVE"));
        asAdmin()
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/admin/identities/revocation")
                .then()
                .statusCode(204);
        assertThat(state()).isEqualTo("REVOKED");
        asAdmin()
                .body(Map.of("clientId", clientId, "userId", userId))
                .post("/api/v1/admin/users/revocation")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(1));
        assertThat(postgres.query("registration", "SELECT state FROM identity WHERE mpin_id = ?", second))
                .containsExactly(Map.of("state", "REVOKED"));
        asAdmin()
                .body(Map.of("mpinId", "nope"))
                .post("/api/v1/admin/identities/revocation")
                .then()
                .statusCode(404);
        given().get("/api/v1/admin/identities?clientId=" + clientId).then().statusCode(401);
    }

    @Test
    void anAdministratorSearchesTheAuditTrail() {
        publish(Topics.RADIUS_EVENTS, new AccessAccepted("vpn-paris", "10.0.0.7", clientId, userId, "PAP", 900));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !postgres.query("registration", "SELECT 1 FROM audit_event WHERE nas_name = 'vpn-paris'")
                        .isEmpty());

        asAdmin()
                .get("/api/v1/admin/audit?clientId=" + clientId + "&nasName=vpn-paris&result=success")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].userId", equalTo(userId))
                .body("[0].type", equalTo("radius.access-accepted"));
        asAdmin()
                .get("/api/v1/admin/audit?from=yesterday")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"));
        asAdmin().get("/api/v1/admin/audit?limit=0").then().statusCode(400);
    }

    private void publish(String topic, dev.zeropin.events.DomainEvent event) {
        EventRecords.publish(broker, topic, event);
    }
}
