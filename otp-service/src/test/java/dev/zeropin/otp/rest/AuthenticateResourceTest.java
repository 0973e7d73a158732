package dev.zeropin.otp.rest;

import static dev.zeropin.otp.Devices.authenticate;
import static dev.zeropin.otp.Devices.enrol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.zeropin.events.EventCodec;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.Concurrently;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.mpin.Device;
import dev.zeropin.mpin.MasterSecret;
import dev.zeropin.mpin.Wire;
import dev.zeropin.otp.Devices;
import dev.zeropin.otp.Devices.TestIdentity;
import dev.zeropin.otp.OtpTestResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@OtpTestResources
class AuthenticateResourceTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @InjectKeys
    KeyRing keys;

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectPostgres
    PostgresServer postgres;

    @Inject
    MeterRegistry registry;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Devices.createProject(broker, postgres, 8, 120, true);
    }

    private TestIdentity alice() {
        return enrol(keys, clientId, "alice@example.com", 4321);
    }

    @Test
    void theRightPinYieldsAnOtpOfTheProjectsLengthAndLifetime() {
        authenticate(alice())
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("otp", matchesPattern("\\d{8}"))
                .body("ttlSeconds", equalTo(120))
                .body("expiresAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
    }

    @Test
    void pass1AnswersWithASessionAChallengeAndItsLifetime() {
        TestIdentity alice = alice();
        Device.Pass1 pass1 = Device.pass1(alice.id(), alice.token(), alice.pin(), RANDOM);

        Response response = Devices.pass1(alice, Wire.encode(pass1.u()));

        response.then().statusCode(200).body("expiresIn", equalTo(30));
        assertThat(Devices.pass1(alice, Wire.encode(pass1.u())).<String>path("y"))
                .as("a fresh challenge each time")
                .isNotEqualTo(response.path("y"));
    }

    @Test
    void threeWrongPinsRevokeTheIdentity() {
        TestIdentity alice = alice();

        authenticate(alice.withPin(1111))
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("authentication_failed"))
                .body("attemptsLeft", equalTo(2));
        authenticate(alice.withPin(2222)).then().statusCode(401).body("attemptsLeft", equalTo(1));
        authenticate(alice.withPin(3333))
                .then()
                .statusCode(403)
                .body("code", equalTo("identity_revoked"))
                .body("reason", equalTo("too_many_failures"));

        authenticate(alice).then().statusCode(403).body("code", equalTo("identity_revoked"));
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.AUTH_EVENTS)) {
            reader.await(
                    record -> record.key().equals(alice.id().hex())
                            && record.value().contains("\"identity.blocked\""),
                    1,
                    Duration.ofSeconds(30));
        }
    }

    @Test
    void aSuccessResetsTheRunOfWrongPins() {
        TestIdentity alice = alice();
        authenticate(alice.withPin(1111)).then().statusCode(401).body("attemptsLeft", equalTo(2));
        authenticate(alice.withPin(1111)).then().statusCode(401).body("attemptsLeft", equalTo(1));

        authenticate(alice).then().statusCode(200);

        authenticate(alice.withPin(1111)).then().statusCode(401).body("attemptsLeft", equalTo(2));
    }

    @Test
    void twentyParallelWrongPinsGetAtMostThreePairingChecks() throws Exception {
        TestIdentity alice = alice();
        double checksBefore = registry.counter("zeropin.mpin.pairing.checks").count();
        List<Integer> codes = Concurrently.run(
                20, i -> () -> authenticate(alice.withPin(1000 + i)).statusCode());
        assertThat(codes).isSubsetOf(401, 403);

        double checks = registry.counter("zeropin.mpin.pairing.checks").count() - checksBefore;
        assertThat(checks).isLessThanOrEqualTo(3.0).isGreaterThanOrEqualTo(1.0);
        authenticate(alice).then().statusCode(403).body("code", equalTo("identity_revoked"));
    }

    @Test
    void aBodyOverTheLimitGetsAProblemAndTheServiceGoesOn() {
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .body("{\"mpinId\": \"" + "a".repeat(100_000) + "\"}")
                .post("/api/v1/authenticate/pass1")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("payload_too_large"), "status", equalTo(413));
        io.restassured.RestAssured.given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aPass2SessionCannotBeReplayed() {
        TestIdentity alice = alice();
        Device.Pass1 pass1 = Device.pass1(alice.id(), alice.token(), alice.pin(), RANDOM);
        Response challenge = Devices.pass1(alice, Wire.encode(pass1.u()));
        String v = Wire.encode(Device.pass2(pass1, Devices.decodeForTest(challenge.path("y"))));

        Devices.pass2(alice, challenge.path("sessionId"), v).then().statusCode(200);
        Devices.pass2(alice, challenge.path("sessionId"), v)
                .then()
                .statusCode(401)
                .body("code", equalTo("session_invalid"));
    }

    @Test
    void refusesPointsOutsideTheSubgroupOrOffTheCurve() {
        TestIdentity alice = alice();
        Device.Pass1 pass1 = Device.pass1(alice.id(), alice.token(), alice.pin(), RANDOM);
        byte[] offCurve = pass1.u().clone();
        offCurve[96] ^= 1;

        Devices.pass1(alice, Devices.pointOutsideSubgroup())
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_point"))
                .body("field", equalTo("u"));
        Devices.pass1(alice, Wire.encode(offCurve)).then().statusCode(400).body("code", equalTo("invalid_point"));
        Devices.pass1(alice, "not*base64").then().statusCode(400).body("code", equalTo("invalid_point"));

        Response challenge = Devices.pass1(alice, Wire.encode(pass1.u()));
        Devices.pass2(alice, challenge.path("sessionId"), Devices.pointOutsideSubgroup())
                .then()
                .statusCode(400)
                .body("field", equalTo("v"));
        Devices.pass2(alice, challenge.path("sessionId"), Wire.encode(offCurve))
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_point"));
    }

    @Test
    void anUnknownIdentityGetsTheSamePass1AndFailsPass2Uniformly() {
        TestIdentity forged = enrol(MasterSecret.generate(RANDOM), clientId, "mallory@example.com", 1234);
        Device.Pass1 pass1 = Device.pass1(forged.id(), forged.token(), forged.pin(), RANDOM);

        Response challenge = Devices.pass1(forged, Wire.encode(pass1.u()));

        challenge.then().statusCode(200);
        assertThat(challenge.jsonPath().getMap("").keySet()).containsExactlyInAnyOrder("sessionId", "y", "expiresIn");
        String v = Wire.encode(Device.pass2(pass1, Devices.decodeForTest(challenge.path("y"))));
        Devices.pass2(forged, challenge.path("sessionId"), v)
                .then()
                .statusCode(401)
                .body("code", equalTo("authentication_failed"));
    }

    @Test
    void aRevocationFromRegistrationServiceTakesEffectAtOnce() {
        TestIdentity alice = alice();
        Devices.obtainOtp(alice);

        Devices.revoke(broker, alice);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> authenticate(alice).then().statusCode(403).body("reason", equalTo("admin")));
    }

    @Test
    void aDisabledProjectRefusesLogins() {
        String disabled = Devices.createProject(broker, postgres, 6, 90, false);

        authenticate(enrol(keys, disabled, "bob@example.com", 1234))
                .then()
                .statusCode(403)
                .body("code", equalTo("project_disabled"));
    }

    @Test
    void refusesMalformedRequests() {
        TestIdentity alice = alice();
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .header("X-Forwarded-For", alice.sourceAddress())
                .body(Map.of("mpinId", "zz", "u", "AA"))
                .post("/api/v1/authenticate/pass1")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_mpin_id"));
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .header("X-Forwarded-For", alice.sourceAddress())
                .body("{}")
                .post("/api/v1/authenticate/pass1")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Devices.pass2(alice, "not-a-uuid", "AA").then().statusCode(401).body("code", equalTo("session_invalid"));
        Devices.pass2(
                        alice,
                        java.util.UUID.randomUUID().toString(),
                        Wire.encode(Device.pass1(alice.id(), alice.token(), alice.pin(), RANDOM)
                                .u()))
                .then()
                .statusCode(401)
                .body("code", equalTo("session_invalid"));
    }

    @Test
    void limitsPass1PerSourceAddressWithoutHurtingOthers() {
        TestIdentity flooder = alice();
        TestIdentity other = enrol(keys, clientId, "bob@example.com", 1234);
        String u = Wire.encode(Device.pass1(flooder.id(), flooder.token(), flooder.pin(), RANDOM)
                .u());
        // 60 per minute, refilled continuously (one a second): 120 requests in well under 40 s
        // leave at least 20 refused, however slow the machine is.
        int limited = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 120; i++) {
            if (Devices.pass1(flooder, u).statusCode() == 429) {
                limited++;
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertThat(limited)
                .as("refused of 120 sent in %d s", seconds)
                .isGreaterThanOrEqualTo(120 - 60 - (int) seconds - 1);
        assertThat(limited).isGreaterThanOrEqualTo(20);
        Devices.pass1(flooder, u)
                .then()
                .statusCode(429)
                .body("code", equalTo("too_many_requests"))
                .body("retryAfterSeconds", org.hamcrest.Matchers.greaterThan(0))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        authenticate(other).then().statusCode(200);
    }

    @Test
    void aProofForManagingTheIdentityYieldsASignedAssertionInsteadOfAnOtp() throws Exception {
        TestIdentity alice = alice();

        Response response = authenticate(alice, "manage");

        response.then()
                .statusCode(200)
                .body("otp", org.hamcrest.Matchers.nullValue())
                .body("ttlSeconds", equalTo(120));
        org.jose4j.jwk.JsonWebKeySet jwks = new org.jose4j.jwk.JsonWebKeySet(
                java.nio.file.Files.readString(keys.file(KeyRing.ASSERTION_VERIFICATION)));
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.consumer.JwtConsumerBuilder()
                .setVerificationKeyResolver(
                        new org.jose4j.keys.resolvers.JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedIssuer("zeropin-otp")
                .setExpectedAudience("zeropin-registration")
                .build()
                .processToClaims(response.path("assertion"));
        assertThat(claims.getSubject()).isEqualTo(alice.id().hex());
        assertThat(claims.getClaimValueAsString("purpose")).isEqualTo("manage");
        assertThat(claims.getClaimValueAsString("userId")).isEqualTo("alice@example.com");
        assertThat(postgres.query(
                        "otp",
                        "SELECT count(*) AS n FROM otp WHERE mpin_id = ?",
                        alice.id().hex()))
                .containsExactly(Map.of("n", 0L));
        authenticate(alice, "anything-else").then().statusCode(400).body("errors[0].field", equalTo("purpose"));
    }

    @Test
    void publishesAuthenticationEventsWithoutTheOtp() {
        TestIdentity alice = alice();
        String otp = Devices.obtainOtp(alice);

        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.AUTH_EVENTS)) {
            var records = reader.await(
                    record -> record.value().contains(alice.id().userId())
                            && record.value().contains(clientId)
                            && record.value().contains("\"otp.issued\""),
                    1,
                    Duration.ofSeconds(30));
            assertThat(new EventCodec()
                            .fromJson(records.get(0).value())
                            .payload()
                            .toString())
                    .doesNotContain(otp);
        }
    }
}
