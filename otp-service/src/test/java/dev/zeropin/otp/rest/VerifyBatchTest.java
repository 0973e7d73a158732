package dev.zeropin.otp.rest;

import static dev.zeropin.otp.Devices.enrol;
import static dev.zeropin.otp.Devices.obtainOtp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.Concurrently;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.InternalOtpApi;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyBatch;
import dev.zeropin.internal.otp.VerifyBatchAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import dev.zeropin.otp.Devices;
import dev.zeropin.otp.OtpTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch call that the gateway uses: many verifications in one transaction, each decided as if
 * it came alone, the answers in the order of the requests.
 */
@QuarkusTest
@OtpTestResources
class VerifyBatchTest {

    @InjectKeys
    KeyRing keys;

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectPostgres
    PostgresServer postgres;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Devices.createProject(broker, postgres, 6, 90, true);
    }

    private String serviceToken() {
        return Devices.gatewayToken(keys);
    }

    private ValidatableResponse post(Object body) {
        return given().auth()
                .oauth2(serviceToken())
                .contentType(ContentType.JSON)
                .body(body)
                .post(InternalOtpApi.VERIFY_BATCH_PATH)
                .then();
    }

    private List<VerifyAnswer> batch(List<VerifyRequest> requests) {
        return post(new VerifyBatch(requests))
                .statusCode(200)
                .extract()
                .as(VerifyBatchAnswer.class)
                .answers();
    }

    private static NasSession from(String callingStationId) {
        return new NasSession("vpn1", "192.0.2.10", callingStationId, null, null);
    }

    private VerifyRequest pap(String userId, String password, String station) {
        return VerifyRequest.pap(clientId, userId, password, from(station));
    }

    private VerifyRequest chap(String userId, String otp) throws Exception {
        byte[] challenge = new byte[16];
        new java.security.SecureRandom().nextBytes(challenge);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update((byte) 7);
        md5.update(otp.getBytes(StandardCharsets.US_ASCII));
        md5.update(challenge);
        return new VerifyRequest(
                clientId, userId, AuthMethod.CHAP, new Credential.Chap(7, challenge, md5.digest()), from(null));
    }

    private static List<String> results(List<VerifyAnswer> answers) {
        return answers.stream().map(a -> a.result() + "/" + a.reason().code()).toList();
    }

    @Test
    void answersEachRequestInItsOwnPlaceAsIfItCameAlone() throws Exception {
        String alice = obtainOtp(enrol(keys, clientId, "alice@example.com", 1111));
        String bob = obtainOtp(enrol(keys, clientId, "bob@example.com", 2222));
        String carol = obtainOtp(enrol(keys, clientId, "carol@example.com", 3333));
        String wrongForBob = bob.equals("000000") ? "000001" : "000000";

        List<VerifyAnswer> answers = batch(List.of(
                pap("alice@example.com", alice, "198.51.100.1"),
                pap("bob@example.com", wrongForBob, "198.51.100.2"),
                pap("nobody-" + UUID.randomUUID() + "@example.com", "123456", "198.51.100.3"),
                chap("carol@example.com", carol),
                // The same OTP again from another endpoint: consumed by the first request of the batch.
                pap("alice@example.com", alice, "198.51.100.9"),
                pap("bob@example.com", bob, "198.51.100.2"),
                VerifyRequest.pap("no-such-project", "alice@example.com", alice, from("198.51.100.1")),
                VerifyRequest.pap("no-such-project", "bob@example.com", bob, from("198.51.100.2"))));

        assertThat(results(answers))
                .containsExactly(
                        "ACCEPT/accepted",
                        "REJECT/invalid_otp",
                        "REJECT/invalid_otp",
                        "ACCEPT/accepted",
                        "REJECT/invalid_otp",
                        "ACCEPT/accepted",
                        "REJECT/project_disabled",
                        "REJECT/project_disabled");
    }

    @Test
    void everyWrongGuessInOneBatchCountsSoABatchCannotBeUsedToGuessFreely() {
        String otp = obtainOtp(enrol(keys, clientId, "dave@example.com", 4444));
        String wrong = otp.equals("000000") ? "000001" : "000000";
        List<VerifyRequest> guesses = Collections.nCopies(5, pap("dave@example.com", wrong, "198.51.100.7"));

        List<VerifyAnswer> answers = batch(guesses);

        // As five requests one after the other: the fifth failure backs the endpoint off.
        assertThat(answers.subList(0, 4))
                .allSatisfy(a -> assertThat(a.retryAfterSeconds()).isNull());
        assertThat(answers.get(4).retryAfterSeconds()).isEqualTo(30L);
        assertThat(results(batch(List.of(pap("dave@example.com", otp, "198.51.100.7")))))
                .containsExactly("REJECT/locked");
        assertThat(results(batch(List.of(pap("dave@example.com", otp, "203.0.113.9")))))
                .containsExactly("ACCEPT/accepted");
    }

    @Test
    void theAcceptsOfABatchAreCommittedInOneTransaction() {
        List<VerifyRequest> requests = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String user = "batch" + i + "-" + UUID.randomUUID() + "@example.com";
            users.add(user);
            requests.add(pap(user, obtainOtp(enrol(keys, clientId, user, 1000 + i)), "198.51.100." + i));
        }

        assertThat(results(batch(requests))).containsOnly("ACCEPT/accepted");

        // Each Accept within the retry window leaves a row of its own (otp_accepted); one transaction
        // wrote them all when they share its id.
        List<Map<String, Object>> transactions = postgres.query(
                "otp",
                "SELECT DISTINCT xmin::text AS tx FROM otp_accepted WHERE user_id = ANY(?::text[])",
                "{" + String.join(",", users) + "}");
        assertThat(transactions).hasSize(1);
    }

    @Test
    void fiftyConcurrentBatchesPresentingOneOtpAcceptItOnce() throws Exception {
        String otp = obtainOtp(enrol(keys, clientId, "erin@example.com", 5555));
        String token = serviceToken();
        List<List<String>> outcomes = Concurrently.run(50, i -> () -> {
            List<VerifyRequest> requests = List.of(
                    pap("nobody" + i + "@example.com", "123456", "198.51.100.1"),
                    pap("erin@example.com", otp, "192.0.2." + i));
            VerifyBatchAnswer answer = given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(new VerifyBatch(requests))
                    .post(InternalOtpApi.VERIFY_BATCH_PATH)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(VerifyBatchAnswer.class);
            return results(answer.answers());
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.get(0)).isEqualTo("REJECT/invalid_otp"));
        assertThat(outcomes.stream().map(o -> o.get(1)))
                .filteredOn("ACCEPT/accepted"::equals)
                .hasSize(1);
    }

    @Test
    void refusesAnEmptyOrOversizedBatchAndNamesTheInvalidRequest() {
        post(new VerifyBatch(List.of()))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
        post(new VerifyBatch(Collections.nCopies(
                        InternalOtpApi.MAX_BATCH + 1, pap("alice@example.com", "123456", "198.51.100.1"))))
                .statusCode(400)
                .body("errors.field", hasItem("requests"));
        post(new VerifyBatch(List.of(
                        pap("alice@example.com", "123456", "198.51.100.1"),
                        pap("alice@example.com", "", "198.51.100.1"))))
                .statusCode(400)
                .body("errors.field", hasItem("requests[1].credential.password"));
    }

    @Test
    void refusesACallerWithoutTheGatewaysToken() {
        given().contentType(ContentType.JSON)
                .body(new VerifyBatch(List.of(pap("alice@example.com", "123456", "198.51.100.1"))))
                .post(InternalOtpApi.VERIFY_BATCH_PATH)
                .then()
                .statusCode(401);
    }
}
