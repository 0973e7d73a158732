package dev.zeropin.otp.rest;

import static dev.zeropin.otp.Devices.enrol;
import static dev.zeropin.otp.Devices.obtainOtp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.zeropin.events.AuthEvents.OtpRejected;
import dev.zeropin.events.AuthEvents.OtpVerified;
import dev.zeropin.events.EventCodec;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.keys.SigningKey;
import dev.zeropin.infra.testing.Concurrently;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import dev.zeropin.otp.Devices;
import dev.zeropin.otp.Devices.TestIdentity;
import dev.zeropin.otp.OtpTestResources;
import dev.zeropin.otp.TestClock;
import dev.zeropin.otp.security.VerifiedTokenCache;
import dev.zeropin.otp.service.MsChapV2;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@OtpTestResources
class InternalOtpResourceTest {

    private static final String VERIFY = "/internal/v1/otp/verify";

    @InjectKeys
    KeyRing keys;

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectPostgres
    PostgresServer postgres;

    @Inject
    TestClock clock;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Devices.createProject(broker, postgres, 6, 90, true);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private String serviceToken() {
        return Devices.gatewayToken(keys);
    }

    /** A NAS that reports no Calling-Station-Id. */
    static final NasSession VPN1 = new NasSession("vpn1", "192.0.2.10", null, null, null);

    private ValidatableResponse verify(String userId, String password) {
        return verify(VerifyRequest.pap(clientId, userId, password, VPN1));
    }

    private ValidatableResponse verify(VerifyRequest request) {
        return given().auth()
                .oauth2(serviceToken())
                .contentType(ContentType.JSON)
                .body(request)
                .post(VERIFY)
                .then();
    }

    private ValidatableResponse verifyJson(Object body) {
        return given().auth()
                .oauth2(serviceToken())
                .contentType(ContentType.JSON)
                .body(body)
                .post(VERIFY)
                .then();
    }

    @Test
    void consumingAnOtpTakesNoDatabaseWideLockAtCommit() {
        // The accept stages an auth event; NOTIFY at commit would serialise every accept (V4 removed it).
        assertThat(
                        postgres.query(
                                "otp",
                                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'zeropin_outbox'::regclass AND NOT tgisinternal"))
                .isEmpty();
    }

    @Test
    void acceptsAnOtpOnceThenRejectsIt() {
        String otp = obtainOtp(enrol(keys, clientId, "alice@example.com", 4321));

        verify("alice@example.com", otp)
                .statusCode(200)
                .body("result", equalTo("ACCEPT"))
                .body("replyMessage", equalTo(ReplyMessages.DEFAULTS.accept()));
        verify("alice@example.com", otp)
                .statusCode(200)
                .body("result", equalTo("REJECT"))
                .body("reason", equalTo("invalid_otp"))
                .body("replyMessage", equalTo(ReplyMessages.DEFAULTS.reject()));
    }

    private VerifyRequest chap(String userId, int id, byte[] challenge, String otp) {
        try {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            md5.update((byte) id);
            md5.update(otp.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            md5.update(challenge);
            return new VerifyRequest(
                    clientId, userId, AuthMethod.CHAP, new Credential.Chap(id, challenge, md5.digest()), VPN1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private VerifyRequest msChapV2(String userName, byte[] authenticatorChallenge, byte[] peerChallenge, String otp) {
        byte[] ntResponse = MsChapV2.peerNtResponse(
                authenticatorChallenge,
                peerChallenge,
                userName,
                otp.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return new VerifyRequest(
                clientId,
                userName,
                AuthMethod.MSCHAPV2,
                new Credential.MsChapV2(authenticatorChallenge, peerChallenge, ntResponse, userName),
                VPN1);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Test
    void acceptsTheChapResponseOfTheOtpOnce() {
        String otp = obtainOtp(enrol(keys, clientId, "erin@example.com", 4321));
        byte[] challenge = random(16);

        verify(chap("erin@example.com", 7, challenge, "000000")).statusCode(200).body("result", equalTo("REJECT"));
        verify(chap("erin@example.com", 7, challenge, otp))
                .statusCode(200)
                .body("result", equalTo("ACCEPT"))
                .body("msChapV2", nullValue());
        verify(chap("erin@example.com", 8, random(16), otp))
                .statusCode(200)
                .body("result", equalTo("REJECT"))
                .body("reason", equalTo("invalid_otp"));
    }

    @Test
    void acceptsTheMsChapV2ResponseOfTheOtpWithAuthenticatorResponseAndMppeKeys() {
        String otp = obtainOtp(enrol(keys, clientId, "frank@example.com", 4321));
        byte[] authenticatorChallenge = random(16);
        byte[] peerChallenge = random(16);
        VerifyRequest request = msChapV2("frank@example.com", authenticatorChallenge, peerChallenge, otp);
        MsChapV2.Success expected = new MsChapV2.Attempt(
                        authenticatorChallenge,
                        peerChallenge,
                        ((Credential.MsChapV2) request.credential()).ntResponse(),
                        "frank@example.com")
                .success(otp.getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        verify(msChapV2("frank@example.com", authenticatorChallenge, peerChallenge, "999999"))
                .statusCode(200)
                .body("result", equalTo("REJECT"))
                .body("msChapV2", nullValue());
        VerifyAnswer accepted = verify(request).statusCode(200).extract().as(VerifyAnswer.class);
        assertThat(accepted.accepted()).isTrue();
        assertThat(accepted.msChapV2().authenticatorResponse()).isEqualTo(expected.authenticatorResponse());
        assertThat(accepted.msChapV2().mppeSendKey()).isEqualTo(expected.masterSendKey());
        assertThat(accepted.msChapV2().mppeRecvKey()).isEqualTo(expected.masterReceiveKey());
        verify(request).statusCode(200).body("result", equalTo("REJECT"));
    }

    @Test
    void refusesIncompleteChapAndMsChapV2Credentials() {
        verifyJson(Map.of(
                        "clientId",
                        clientId,
                        "userId",
                        "a@example.com",
                        "method",
                        "CHAP",
                        "credential",
                        Map.of("type", "chap", "id", 300, "response", "AA==")))
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body(
                        "errors.field",
                        org.hamcrest.Matchers.hasItems("credential.id", "credential.challenge", "credential.response"));
        verify(new VerifyRequest(
                        clientId,
                        "a@example.com",
                        AuthMethod.MSCHAPV2,
                        new Credential.MsChapV2(new byte[2], random(15), random(24), "a@example.com"),
                        VPN1))
                .statusCode(400)
                .body(
                        "errors.field",
                        org.hamcrest.Matchers.hasItems(
                                "credential.authenticatorChallenge", "credential.peerChallenge"));
    }

    @Test
    void refusesAMethodThatDoesNotFitTheCredential() {
        verify(new VerifyRequest(clientId, "a@example.com", AuthMethod.CHAP, new Credential.Pap("123456"), VPN1))
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("method"));
    }

    @Test
    void theAuditRecordsOfALoginCarryTheNasAddressAndTheCallingStationId() {
        String otp = obtainOtp(enrol(keys, clientId, "gina@example.com", 4321));
        NasSession session = new NasSession("vpn-berlin", "192.0.2.44", "203.0.113.9", 3L, "tun3");

        verify(VerifyRequest.pap(clientId, "gina@example.com", "000000", session))
                .body("result", equalTo("REJECT"));
        verify(VerifyRequest.pap(clientId, "gina@example.com", otp, session)).body("result", equalTo("ACCEPT"));

        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.AUTH_EVENTS)) {
            EventCodec codec = new EventCodec();
            List<Object> events = reader
                    .await(
                            record -> record.value().contains("gina@example.com")
                                    && record.value().contains(clientId)
                                    && (record.value().contains("\"otp.verified\"")
                                            || record.value().contains("\"otp.rejected\"")),
                            2,
                            Duration.ofSeconds(30))
                    .stream()
                    .map(record -> (Object)
                            codec.payload(codec.fromJson(record.value())).orElseThrow())
                    .toList();
            assertThat(events)
                    .anySatisfy(event -> assertThat(event)
                            .isEqualTo(new OtpRejected(
                                    clientId,
                                    "gina@example.com",
                                    "invalid_otp",
                                    "PAP",
                                    "vpn-berlin",
                                    "192.0.2.44",
                                    "203.0.113.9")));
            assertThat(events)
                    .anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(OtpVerified.class, v -> {
                        assertThat(v.nasName()).isEqualTo("vpn-berlin");
                        assertThat(v.nasAddress()).isEqualTo("192.0.2.44");
                        assertThat(v.callingStationId()).isEqualTo("203.0.113.9");
                        assertThat(v.method()).isEqualTo("PAP");
                    }));
        }
    }

    /** The session of a NAS that reports the endpoint and the port, as OpenVPN's radiusplugin does. */
    private static NasSession station(String callingStationId, long nasPort) {
        return new NasSession("vpn-retry", "192.0.2.20", callingStationId, nasPort, "tun" + nasPort);
    }

    /** The otp.verified events of a user, consuming and retried, as they reach Kafka. */
    private List<OtpVerified> verifiedEvents(String userId, int atLeast) {
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.AUTH_EVENTS)) {
            EventCodec codec = new EventCodec();
            return reader
                    .await(
                            record -> record.value().contains(userId)
                                    && record.value().contains(clientId)
                                    && record.value().contains("\"otp.verified\""),
                            atLeast,
                            Duration.ofSeconds(30))
                    .stream()
                    .map(record -> (OtpVerified)
                            codec.payload(codec.fromJson(record.value())).orElseThrow())
                    .toList();
        }
    }

    @Test
    void aNasRetryWithinTheWindowIsAcceptedAgainWithoutASecondConsumption() {
        String otp = obtainOtp(enrol(keys, clientId, "rita@example.com", 4321));
        NasSession session = station("203.0.113.7", 5);

        verify(VerifyRequest.pap(clientId, "rita@example.com", otp, session)).body("result", equalTo("ACCEPT"));
        clock.advance(Duration.ofSeconds(20));
        // The NAS lost the Accept and asks again (a new RADIUS request: same OTP and session).
        verify(VerifyRequest.pap(clientId, "rita@example.com", otp, session))
                .body("result", equalTo("ACCEPT"))
                .body("reason", equalTo("accepted"))
                .body("replyMessage", equalTo(ReplyMessages.DEFAULTS.accept()));

        List<OtpVerified> events = verifiedEvents("rita@example.com", 2);
        assertThat(events).hasSize(2);
        assertThat(events).filteredOn(e -> !e.retry()).hasSize(1);
        OtpVerified consumed =
                events.stream().filter(e -> !e.retry()).findFirst().orElseThrow();
        assertThat(events).filteredOn(OtpVerified::retry).singleElement().satisfies(retry -> {
            assertThat(retry.otpId()).isEqualTo(consumed.otpId());
            assertThat(retry.callingStationId()).isEqualTo("203.0.113.7");
            assertThat(retry.nasName()).isEqualTo("vpn-retry");
        });
        // Consumed once: the OTP row is gone and one accepted verification is kept, by fingerprint only.
        assertThat(postgres.query(
                        "otp",
                        "SELECT count(*) AS n FROM otp WHERE client_id = ? AND user_id = ?",
                        clientId,
                        "rita@example.com"))
                .singleElement()
                .satisfies(row -> assertThat(row.get("n")).isEqualTo(0L));
        List<Map<String, Object>> kept = postgres.query(
                "otp",
                "SELECT fingerprint FROM otp_accepted WHERE client_id = ? AND user_id = ?",
                clientId,
                "rita@example.com");
        assertThat(kept).hasSize(1);
        assertThat(new String((byte[]) kept.get(0).get("fingerprint"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(otp);
    }

    @Test
    void theSameOtpFromAnotherCallingStationIdOrPortIsRefused() {
        String otp = obtainOtp(enrol(keys, clientId, "sam@example.com", 4321));

        verify(VerifyRequest.pap(clientId, "sam@example.com", otp, station("203.0.113.7", 5)))
                .body("result", equalTo("ACCEPT"));
        verify(VerifyRequest.pap(clientId, "sam@example.com", otp, station("198.51.100.66", 5)))
                .body("result", equalTo("REJECT"))
                .body("reason", equalTo("invalid_otp"));
        verify(VerifyRequest.pap(clientId, "sam@example.com", otp, station("203.0.113.7", 6)))
                .body("result", equalTo("REJECT"));
        verify(VerifyRequest.pap(
                        clientId,
                        "sam@example.com",
                        otp,
                        new NasSession("vpn-other", "192.0.2.20", "203.0.113.7", 5L, "tun5")))
                .body("result", equalTo("REJECT"));
        verify(VerifyRequest.pap(clientId, "sam@example.com", "000000", station("203.0.113.7", 5)))
                .body("result", equalTo("REJECT"));
    }

    @Test
    void withoutACallingStationIdAUsedOtpIsRefusedEvenAtOnce() {
        String otp = obtainOtp(enrol(keys, clientId, "tom@example.com", 4321));
        NasSession anonymous = new NasSession("vpn-retry", "192.0.2.20", null, 5L, "tun5");

        verify(VerifyRequest.pap(clientId, "tom@example.com", otp, anonymous)).body("result", equalTo("ACCEPT"));
        verify(VerifyRequest.pap(clientId, "tom@example.com", otp, anonymous)).body("result", equalTo("REJECT"));
        assertThat(postgres.query(
                        "otp",
                        "SELECT 1 FROM otp_accepted WHERE client_id = ? AND user_id = ?",
                        clientId,
                        "tom@example.com"))
                .isEmpty();
    }

    @Test
    void aRetryAfterTheWindowIsRefused() {
        String otp = obtainOtp(enrol(keys, clientId, "uma@example.com", 4321));
        NasSession session = station("203.0.113.7", 5);

        verify(VerifyRequest.pap(clientId, "uma@example.com", otp, session)).body("result", equalTo("ACCEPT"));
        clock.advance(Duration.ofSeconds(31));
        verify(VerifyRequest.pap(clientId, "uma@example.com", otp, session)).body("result", equalTo("REJECT"));
    }

    @Test
    void aChapRequestNeverCountsAsARetry() {
        String otp = obtainOtp(enrol(keys, clientId, "vic@example.com", 4321));
        byte[] challenge = random(16);
        VerifyRequest first = chap("vic@example.com", 7, challenge, otp);
        VerifyRequest withStation = new VerifyRequest(
                first.clientId(), first.userId(), first.method(), first.credential(), station("203.0.113.7", 5));

        verify(withStation).body("result", equalTo("ACCEPT"));
        verify(withStation).body("result", equalTo("REJECT"));
    }

    @Test
    void answersInTheProjectsOwnWording() {
        Devices.updateProject(
                broker,
                postgres,
                clientId,
                new ReplyMessages("Willkommen", "Falsches Einmalpasswort", "Gesperrt, noch {seconds} Sekunden"));
        TestIdentity dora = enrol(keys, clientId, "dora@example.com", 4321);

        verify("dora@example.com", obtainOtp(dora)).body("replyMessage", equalTo("Willkommen"));
        obtainOtp(dora);
        for (int i = 0; i < 4; i++) {
            verify("dora@example.com", "000000").body("replyMessage", equalTo("Falsches Einmalpasswort"));
        }
        verify("dora@example.com", "000000").body("replyMessage", equalTo("Gesperrt, noch 30 Sekunden"));
    }

    @Test
    void matchesTheUserIdInAnyCaseButNotAnotherUser() {
        String otp = obtainOtp(enrol(keys, clientId, "alice@example.com", 4321));

        verify("bob@example.com", otp).body("result", equalTo("REJECT"));
        verify(" Alice@Example.com ", otp).body("result", equalTo("ACCEPT"));
    }

    @Test
    void rejectsAnExpiredOtp() {
        String otp = obtainOtp(enrol(keys, clientId, "alice@example.com", 4321));

        clock.advance(Duration.ofSeconds(91));

        verify("alice@example.com", otp).body("result", equalTo("REJECT"));
    }

    @Test
    void aNewOtpReplacesTheEarlierOne() {
        TestIdentity alice = enrol(keys, clientId, "alice@example.com", 4321);
        String first = obtainOtp(alice);
        String second = obtainOtp(alice);

        verify("alice@example.com", first).body("result", equalTo("REJECT"));
        verify("alice@example.com", second).body("result", equalTo("ACCEPT"));
    }

    @Test
    void fiftyConcurrentVerificationsOfOneOtpAcceptExactlyOne() throws Exception {
        String otp = obtainOtp(enrol(keys, clientId, "alice@example.com", 4321));
        String token = serviceToken();
        List<String> outcomes = Concurrently.run(
                50,
                i -> () -> given().auth()
                        .oauth2(token)
                        .contentType(ContentType.JSON)
                        .body(VerifyRequest.pap(clientId, "alice@example.com", otp, VPN1))
                        .post(VERIFY)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("result"));

        assertThat(outcomes).filteredOn("ACCEPT"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("REJECT"::equals).hasSize(49);
    }

    @Test
    void backsOffAfterRepeatedFailuresEvenForTheRightOtp() {
        String otp = obtainOtp(enrol(keys, clientId, "carol@example.com", 4321));
        for (int i = 0; i < 4; i++) {
            verify("carol@example.com", "000000")
                    .body("result", equalTo("REJECT"))
                    .body("retryAfterSeconds", nullValue());
        }

        verify("carol@example.com", "000001")
                .body("reason", equalTo("invalid_otp"))
                .body("retryAfterSeconds", equalTo(30))
                .body("replyMessage", equalTo("Too many attempts, try again in 30 s"));
        verify("carol@example.com", otp)
                .body("result", equalTo("REJECT"))
                .body("reason", equalTo("locked"))
                .body("retryAfterSeconds", org.hamcrest.Matchers.lessThanOrEqualTo(30));

        clock.advance(Duration.ofSeconds(31));
        verify("carol@example.com", otp).body("result", equalTo("ACCEPT"));
    }

    /** A NAS session that reports the endpoint of the VPN user (Calling-Station-Id). */
    private static NasSession from(String callingStationId) {
        return new NasSession("vpn1", "192.0.2.10", callingStationId, null, null);
    }

    private ValidatableResponse verifyFrom(String callingStationId, String userId, String password) {
        return verify(VerifyRequest.pap(clientId, userId, password, from(callingStationId)));
    }

    @Test
    void aStrangerBackedOffAtOneEndpointCannotLockTheUserOutAtAnother() {
        TestIdentity victim = enrol(keys, clientId, "victim@example.com", 4321);
        String otp = obtainOtp(victim);
        for (int i = 0; i < 4; i++) {
            verifyFrom("198.51.100.7", "victim@example.com", "000000")
                    .body("result", equalTo("REJECT"))
                    .body("retryAfterSeconds", nullValue());
        }
        verifyFrom("198.51.100.7", "victim@example.com", "000001")
                .body("result", equalTo("REJECT"))
                .body("retryAfterSeconds", equalTo(30));
        // The stranger's endpoint is backed off, even with the right OTP, which stays unused ...
        verifyFrom("198.51.100.7", "victim@example.com", otp)
                .body("result", equalTo("REJECT"))
                .body("reason", equalTo("locked"));

        // ... while the user, from their own endpoint, logs in with a fresh OTP.
        String fresh = obtainOtp(victim);
        verifyFrom("203.0.113.9", "victim@example.com", fresh)
                .body("result", equalTo("ACCEPT"))
                .body("replyMessage", equalTo(ReplyMessages.DEFAULTS.accept()));

        // The success cleared the user's endpoint only: the stranger's stays backed off.
        String next = obtainOtp(victim);
        verifyFrom("198.51.100.7", "victim@example.com", next)
                .body("result", equalTo("REJECT"))
                .body("reason", equalTo("locked"))
                .body("retryAfterSeconds", org.hamcrest.Matchers.greaterThan(0));
        verifyFrom("203.0.113.9", "victim@example.com", next).body("result", equalTo("ACCEPT"));
    }

    @Test
    void withoutACallingStationIdTheNasIsTheSource() {
        String otp = obtainOtp(enrol(keys, clientId, "nasuser@example.com", 4321));
        NasSession otherNas = new NasSession("vpn2", "192.0.2.20", null, null, null);
        for (int i = 0; i < 5; i++) {
            verify("nasuser@example.com", "000000").body("result", equalTo("REJECT"));
        }
        verify("nasuser@example.com", otp).body("reason", equalTo("locked"));

        verify(VerifyRequest.pap(clientId, "nasuser@example.com", otp, otherNas))
                .body("result", equalTo("ACCEPT"));
    }

    @Test
    void failuresDrainOverTimeSoThatOccasionalWrongPasswordsNeverAddUp() {
        TestIdentity user = enrol(keys, clientId, "drain@example.com", 4321);
        obtainOtp(user);
        for (int i = 0; i < 5; i++) {
            verifyFrom("198.51.100.8", "drain@example.com", "000000").body("result", equalTo("REJECT"));
        }

        // A full run of five failures drains in 15 minutes: one of them is gone after 3.
        clock.advance(Duration.ofSeconds(181));
        obtainOtp(user);
        verifyFrom("198.51.100.8", "drain@example.com", "000000")
                .body("result", equalTo("REJECT"))
                .body("retryAfterSeconds", equalTo(30));

        // A wrong password every 15 minutes, forever, never backs the endpoint off.
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofMinutes(16));
            obtainOtp(user);
            verifyFrom("198.51.100.8", "drain@example.com", "000000")
                    .body("result", equalTo("REJECT"))
                    .body("retryAfterSeconds", nullValue());
        }
        String otp = obtainOtp(user);
        for (int i = 0; i < 3; i++) {
            verifyFrom("198.51.100.8", "drain@example.com", "000000").body("retryAfterSeconds", nullValue());
        }
        verifyFrom("198.51.100.8", "drain@example.com", otp).body("result", equalTo("ACCEPT"));
    }

    @Test
    void guessesFromManyEndpointsTogetherBackTheUserOffEverywhere() {
        TestIdentity user = enrol(keys, clientId, "many@example.com", 4321);
        String otp = obtainOtp(user);
        // Beyond 50 failures over all sources (the default safety net; one drains every 18 s):
        // eleven endpoints, five each, each endpoint backed off after its fifth.
        for (int endpoint = 0; endpoint < 11; endpoint++) {
            for (int i = 0; i < 5; i++) {
                verifyFrom("198.51.100." + (20 + endpoint), "many@example.com", "000000")
                        .body("result", equalTo("REJECT"));
            }
        }

        verifyFrom("203.0.113.9", "many@example.com", otp)
                .body("result", equalTo("REJECT"))
                .body("reason", equalTo("locked"))
                .body("retryAfterSeconds", org.hamcrest.Matchers.greaterThan(0));
        clock.advance(Duration.ofMinutes(2));
        verifyFrom("203.0.113.9", "many@example.com", obtainOtp(user)).body("result", equalTo("ACCEPT"));
    }

    @Test
    void requestsForUserIdsWithoutAnIdentityWriteNothing() throws Exception {
        String stranger = "nobody-" + java.util.UUID.randomUUID() + "@example.com";
        List<String> results = Concurrently.run(
                20,
                i -> () -> verifyFrom("198.51.100." + (i % 3), stranger, String.format("%06d", i))
                        .statusCode(200)
                        .extract()
                        .<String>path("result"));
        assertThat(results).containsOnly("REJECT");
        verifyFrom("198.51.100.1", stranger, "000000")
                .body("reason", equalTo("invalid_otp"))
                .body("retryAfterSeconds", nullValue());

        List<Map<String, Object>> tables = postgres.query(
                "otp",
                "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
        assertThat(tables).isNotEmpty();
        for (Map<String, Object> table : tables) {
            String name = (String) table.get("table_name");
            assertThat(postgres.query(
                            "otp",
                            "SELECT count(*) AS n FROM \"" + name + "\" t WHERE strpos(t::text, ?) > 0",
                            stranger))
                    .as("rows of %s that mention the User ID", name)
                    .containsExactly(Map.of("n", 0L));
        }
    }

    @Inject
    JWTParser parser;

    @Test
    void theServiceTokenIsVerifiedOnceAndAnAlteredCopyIsRefusedEveryTime() {
        assertThat(ClientProxy.unwrap(parser)).isInstanceOf(VerifiedTokenCache.class);
        VerifyRequest body = VerifyRequest.pap(clientId, "alice@example.com", "123456", VPN1);
        String token = serviceToken();
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post(VERIFY)
                    .then()
                    .statusCode(200);
        }
        int at = token.length() - 20;
        String altered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(altered)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post(VERIFY)
                    .then()
                    .statusCode(401);
        }
    }

    @Test
    void requiresTheGatewaysServiceToken() {
        VerifyRequest body = VerifyRequest.pap(clientId, "alice@example.com", "123456", VPN1);
        given().contentType(ContentType.JSON)
                .body(body)
                .post(VERIFY)
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthorized"));

        String foreign = SigningKey.generate("gateway")
                .signJwt(
                        "zeropin-radius-gateway",
                        "zeropin-otp-internal",
                        "x",
                        List.of("otp-verifier"),
                        Duration.ofMinutes(5),
                        Map.of());
        given().auth()
                .oauth2(foreign)
                .contentType(ContentType.JSON)
                .body(body)
                .post(VERIFY)
                .then()
                .statusCode(401);

        JwtClaims expired = new JwtClaims();
        expired.setIssuer("zeropin-radius-gateway");
        expired.setAudience("zeropin-otp-internal");
        expired.setSubject("radius-gateway");
        expired.setStringListClaim("groups", "otp-verifier");
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
        given().auth()
                .oauth2(keys.signingKey(KeyRing.GATEWAY_SIGNING).sign(expired))
                .contentType(ContentType.JSON)
                .body(body)
                .post(VERIFY)
                .then()
                .statusCode(401);

        String otherRole = keys.signingKey(KeyRing.GATEWAY_SIGNING)
                .signJwt(
                        "zeropin-radius-gateway",
                        "zeropin-otp-internal",
                        "x",
                        List.of("admin"),
                        Duration.ofMinutes(5),
                        Map.of());
        given().auth()
                .oauth2(otherRole)
                .contentType(ContentType.JSON)
                .body(body)
                .post(VERIFY)
                .then()
                .statusCode(403);
    }

    @Test
    void refusesMalformedVerificationRequests() {
        verifyJson(Map.of(
                        "clientId",
                        clientId,
                        "userId",
                        "alice@example.com",
                        "method",
                        "EAP",
                        "credential",
                        Map.of("type", "pap", "password", "1")))
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("method"));
        verifyJson(Map.of(
                        "clientId",
                        clientId,
                        "userId",
                        "alice@example.com",
                        "credential",
                        Map.of("type", "arap", "password", "1")))
                .statusCode(400);
        verify(VerifyRequest.pap(clientId, "alice@example.com", "x".repeat(200), VPN1))
                .statusCode(400)
                .body("errors[0].field", equalTo("credential.password"));
        verify(VerifyRequest.pap(
                        clientId,
                        "alice@example.com",
                        "123456",
                        new NasSession("vpn1", "192.0.2.10", "x".repeat(300), null, null)))
                .statusCode(400)
                .body("errors[0].field", equalTo("nas.callingStationId"));
    }
}
