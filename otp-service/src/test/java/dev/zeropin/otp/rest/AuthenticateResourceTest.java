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
import dev.zeropin.otp.TestClock;
import dev.zeropin.otp.service.PairingPool;
import dev.zeropin.outbox.Housekeeping;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.milagro.amcl.BLS381.BIG;
import org.apache.milagro.amcl.BLS381.ECP;
import org.apache.milagro.amcl.BLS381.PAIR;
import org.junit.jupiter.api.AfterEach;
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

    @Inject
    TestClock clock;

    @Inject
    PairingPool pairing;

    @Inject
    Housekeeping housekeeping;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Devices.createProject(broker, postgres, 8, 120, true);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** An identity that registration-service has announced (otp-service knows it). */
    private TestIdentity alice() {
        return Devices.register(broker, postgres, keys, clientId, "alice@example.com", 4321);
    }

    /** An identity whose announcement has not arrived (otp-service does not know it yet). */
    private TestIdentity unannounced() {
        return enrol(keys, clientId, "carol@example.com", 2468);
    }

    private Map<String, Object> stateOf(TestIdentity identity) {
        List<Map<String, Object>> rows = postgres.query(
                "otp",
                "SELECT failures, locked_until, revoked_at, hid FROM identity_state WHERE mpin_id = ?",
                identity.id().hex());
        assertThat(rows).as("identity_state of %s", identity.id()).hasSize(1);
        return rows.get(0);
    }

    /**
     * One round of someone who knows only the mpinId: a well-formed pass 1 with a point of G1 and a
     * pass 2 with another point of G1, neither from the token.
     */
    private Response strangersRound(TestIdentity target, String sourceAddress) {
        TestIdentity stranger = new TestIdentity(target.id(), new byte[0], 1, sourceAddress);
        Response challenge = Devices.pass1(stranger, Wire.encode(randomPointOfG1()));
        challenge.then().statusCode(200);
        return Devices.pass2(stranger, challenge.path("sessionId"), Wire.encode(randomPointOfG1()));
    }

    private static byte[] randomPointOfG1() {
        byte[] scalar = dev.zeropin.mpin.Curve.randomScalar(RANDOM);
        return dev.zeropin.mpin.Curve.encodeG1(PAIR.G1mul(ECP.generator(), BIG.fromBytes(scalar)));
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
    void twoWrongPinsInARowLockTheIdentityForAWhileAndAnnounceTheLock() {
        TestIdentity alice = alice();

        authenticate(alice.withPin(1111))
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("authentication_failed"))
                .body("attemptsLeft", equalTo(1));
        authenticate(alice.withPin(2222))
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("identity_locked"))
                .body(
                        "retryAfterSeconds",
                        org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThan(800))
                                .and(org.hamcrest.Matchers.lessThanOrEqualTo(900)))
                .header("Retry-After", matchesPattern("[0-9]+"));

        authenticate(alice).then().statusCode(429).body("code", equalTo("identity_locked"));
        assertThat(stateOf(alice).get("revoked_at")).isNull();
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.AUTH_EVENTS)) {
            reader.await(
                    record -> record.key().equals(alice.id().hex())
                            && record.value().contains("\"identity.locked\""),
                    1,
                    Duration.ofSeconds(30));
        }
        clock.advance(Duration.ofMinutes(16));
        authenticate(alice).then().statusCode(200);
    }

    @Test
    void theThirdWrongPinInARowRevokesTheIdentityAfterTheLock() {
        TestIdentity alice = alice();
        authenticate(alice.withPin(1000)).then().statusCode(401);
        authenticate(alice.withPin(1001)).then().statusCode(429).body("code", equalTo("identity_locked"));
        clock.advance(Duration.ofMinutes(14));
        // still locked a minute before its end, and a proof while locked is not counted
        authenticate(alice.withPin(1002)).then().statusCode(429);
        clock.advance(Duration.ofMinutes(2));

        authenticate(alice.withPin(1003))
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
    void strangersWhoKnowOnlyTheMpinIdCannotRevokeTheIdentityWhileItsOwnerLogsIn() {
        TestIdentity alice = alice();

        // three quick rounds revoked the identity before; now the second locks it (and tells the
        // owner), the rounds during the lock count nothing, and the owner's next login starts afresh
        List<Integer> codes = new java.util.ArrayList<>();
        for (int round = 0; round < 12; round++) {
            codes.add(strangersRound(alice, Devices.randomAddress()).statusCode());
        }

        assertThat(codes.subList(0, 1)).containsOnly(401);
        assertThat(codes.subList(1, 12)).containsOnly(429);
        assertThat(stateOf(alice).get("revoked_at")).isNull();
        assertThat(stateOf(alice).get("failures")).isEqualTo(2);
        clock.advance(Duration.ofMinutes(16));
        authenticate(alice).then().statusCode(200);
        assertThat(stateOf(alice).get("failures")).isEqualTo(0);
    }

    @Test
    void aFloodOfProofsForForgedMpinIdsLeavesNoIdentityRows() throws Exception {
        long before = (Long) postgres.query("otp", "SELECT count(*) AS n FROM identity_state")
                .get(0)
                .get("n");
        List<TestIdentity> forged = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> enrol(MasterSecret.generate(RANDOM), clientId, "forged" + i + "@example.com", 1234))
                .toList();

        List<Integer> codes = Concurrently.run(40, i -> () -> {
            TestIdentity identity = forged.get(i % forged.size());
            return i % 2 == 0
                    ? authenticate(identity).statusCode()
                    : strangersRound(identity, Devices.randomAddress()).statusCode();
        });

        assertThat(codes).containsOnly(401, 429);
        long after = (Long) postgres.query("otp", "SELECT count(*) AS n FROM identity_state")
                .get(0)
                .get("n");
        for (TestIdentity identity : forged) {
            assertThat(postgres.query(
                            "otp",
                            "SELECT 1 FROM identity_state WHERE mpin_id = ?",
                            identity.id().hex()))
                    .isEmpty();
        }
        assertThat(after).as("identity_state rows").isEqualTo(before);
        // their attempt counts go once their window has passed
        postgres.execute("otp", "UPDATE unconfirmed_identity SET created_at = now() - interval '2 hours'");
        housekeeping.runOnce();
        assertThat(postgres.query("otp", "SELECT count(*) AS n FROM unconfirmed_identity"))
                .containsExactly(Map.of("n", 0L));
    }

    @Test
    void anIdentityNotAnnouncedYetLogsInAndIsKnownFromThenOn() {
        TestIdentity carol = unannounced();

        authenticate(carol.withPin(1111)).then().statusCode(401).body("attemptsLeft", equalTo(1));
        assertThat(postgres.query(
                        "otp",
                        "SELECT 1 FROM identity_state WHERE mpin_id = ?",
                        carol.id().hex()))
                .as("a wrong proof does not make an mpinId known")
                .isEmpty();
        authenticate(carol).then().statusCode(200);

        assertThat(stateOf(carol).get("failures")).isEqualTo(0);
        assertThat((byte[]) stateOf(carol).get("hid"))
                .isEqualTo(dev.zeropin.mpin.Curve.hashToPoint(carol.id().raw()));
    }

    @Test
    void aRegisteredIdentityIsKnownWithItsPoint() {
        TestIdentity alice = alice();

        assertThat((byte[]) stateOf(alice).get("hid"))
                .isEqualTo(dev.zeropin.mpin.Curve.hashToPoint(alice.id().raw()));
        authenticate(alice).then().statusCode(200);
    }

    @Test
    void limitsPass1PerIdentityWhateverTheSourceAddress() {
        TestIdentity alice = alice();
        String u = Wire.encode(
                Device.pass1(alice.id(), alice.token(), alice.pin(), RANDOM).u());
        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Response response =
                    Devices.pass1(new TestIdentity(alice.id(), alice.token(), alice.pin(), Devices.randomAddress()), u);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                response.then().statusCode(200);
                accepted++;
            }
        }

        assertThat(refused).as("refused after %d accepted", accepted).isNotNull();
        assertThat(accepted).as("30 a minute (60 when the minute turned)").isBetween(30, 60);
        refused.then().body("code", equalTo("too_many_requests")).header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }

    @Test
    void thePairingPoolRefusesBeyondItsQueueAndTheRightPinSucceedsAfterwards() throws Exception {
        TestIdentity alice = alice();
        CountDownLatch started = new CountDownLatch(pairing.threads());
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < pairing.threads(); i++) {
                pairing.compute(() -> {
                            started.countDown();
                            try {
                                return release.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        })
                        .subscribe()
                        .with(ignored -> {}, failure -> {});
            }
            assertThat(started.await(30, TimeUnit.SECONDS))
                    .as("every worker busy")
                    .isTrue();
            java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
            for (int i = 0; i < 100_000 && !full.get(); i++) {
                pairing.compute(() -> true).subscribe().with(ignored -> {}, failure -> full.set(true));
            }
            assertThat(full).as("the queue filled up").isTrue();

            Device.Pass1 pass1 = Device.pass1(alice.id(), alice.token(), alice.pin(), RANDOM);
            Devices.pass1(alice, Wire.encode(pass1.u()))
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("code", equalTo("server_busy"))
                    .header("Retry-After", equalTo("1"));
        } finally {
            release.countDown();
        }

        authenticate(alice).then().statusCode(200);
    }

    @Test
    void aSuccessResetsTheRunOfWrongPins() {
        TestIdentity alice = alice();
        authenticate(alice.withPin(1111)).then().statusCode(401).body("attemptsLeft", equalTo(1));

        authenticate(alice).then().statusCode(200);

        authenticate(alice.withPin(1111)).then().statusCode(401).body("attemptsLeft", equalTo(1));
        authenticate(alice).then().statusCode(200);
    }

    @Test
    void concurrentRightAndWrongPinsOfManyIdentitiesEachGetTheirOwnVerdict() throws Exception {
        List<TestIdentity> identities = java.util.stream.IntStream.range(0, 24)
                .mapToObj(
                        i -> Devices.register(broker, postgres, keys, clientId, "user" + i + "@example.com", 1000 + i))
                .toList();

        // proofs arriving together are verified together (one pairing product per batch); one proof
        // per identity, so that no proof waits for another of its identity (that answer is a 429)
        List<Integer> codes = Concurrently.run(24, i -> () -> {
            TestIdentity identity = identities.get(i);
            return authenticate(i % 2 == 0 ? identity : identity.withPin(9000 + i))
                    .statusCode();
        });

        for (int i = 0; i < 24; i++) {
            assertThat(codes.get(i)).as("proof %d", i).isEqualTo(i % 2 == 0 ? 200 : 401);
        }
    }

    @Test
    void twentyParallelWrongPinsGetAtMostTwoPairingChecks() throws Exception {
        TestIdentity alice = alice();
        double checksBefore = registry.counter("zeropin.mpin.pairing.checks").count();
        List<Integer> codes = Concurrently.run(
                20, i -> () -> authenticate(alice.withPin(1000 + i)).statusCode());
        assertThat(codes).isSubsetOf(401, 429).contains(429);

        double checks = registry.counter("zeropin.mpin.pairing.checks").count() - checksBefore;
        assertThat(checks).isLessThanOrEqualTo(2.0).isGreaterThanOrEqualTo(1.0);
        assertThat(stateOf(alice).get("failures")).isEqualTo(2);
        authenticate(alice).then().statusCode(429).body("code", equalTo("identity_locked"));
    }

    @Test
    void aBodyOverTheLimitGetsAProblemAndTheServiceGoesOn() {
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .body("{\"mpinId\": \"" + "a".repeat(300_000) + "\"}")
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
        assertThat(postgres.query(
                        "otp",
                        "SELECT 1 FROM identity_state WHERE mpin_id = ?",
                        forged.id().hex()))
                .isEmpty();
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
