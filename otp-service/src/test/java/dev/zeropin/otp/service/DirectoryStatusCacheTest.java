package dev.zeropin.otp.service;

import static dev.zeropin.otp.Devices.authenticate;
import static dev.zeropin.otp.Devices.enrol;
import static dev.zeropin.otp.Devices.obtainOtp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import dev.zeropin.events.ProjectEvents.UnreachablePolicy;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.CompanyDirectory;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyRequest;
import dev.zeropin.otp.Devices;
import dev.zeropin.otp.OtpTestResources;
import dev.zeropin.otp.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The company directory at login time, against an in-memory LDAP server per test: the OTP issue
 * asks it (cached), RADIUS verification decides from the cache, and an unreachable directory
 * follows the project's policy.
 */
@QuarkusTest
@OtpTestResources
class DirectoryStatusCacheTest {

    private static final NasSession VPN = new NasSession("vpn-dir", "192.0.2.20", null, null, null);
    private static final int CACHE_SECONDS = 30;

    @InjectKeys
    KeyRing keys;

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectPostgres
    PostgresServer postgres;

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static DirectorySettings settings(CompanyDirectory directory, UnreachablePolicy policy) {
        return new DirectorySettings(
                directory.url(),
                false,
                null,
                CompanyDirectory.BIND_DN,
                directory.passwordFile().toString(),
                CompanyDirectory.PEOPLE,
                "mail",
                "(objectClass=inetOrgPerson)",
                List.of(CompanyDirectory.VPN_GROUP),
                GroupCheck.MEMBER_OF,
                DisabledCheck.AD_USER_ACCOUNT_CONTROL,
                null,
                null,
                1000,
                CACHE_SECONDS,
                policy,
                5);
    }

    private String project(CompanyDirectory directory, UnreachablePolicy policy) {
        return Devices.createProject(broker, postgres, 6, 3600, true, settings(directory, policy));
    }

    private ValidatableResponse verify(String clientId, String userId, String otp) {
        return given().auth()
                .oauth2(Devices.gatewayToken(keys))
                .contentType(ContentType.JSON)
                .body(VerifyRequest.pap(clientId, userId, otp, VPN))
                .post("/internal/v1/otp/verify")
                .then()
                .statusCode(200);
    }

    private void awaitAuthEvent(String clientId, String userId, String type, String detail) {
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.AUTH_EVENTS)) {
            reader.await(
                    record -> record.key().equals(clientId + "/" + userId)
                            && record.value().contains("\"" + type + "\"")
                            && record.value().contains(detail),
                    1,
                    Duration.ofSeconds(30));
        }
    }

    @Test
    void aUserInTheGroupGetsAnOtpAndLogsIn() throws Exception {
        try (CompanyDirectory directory = CompanyDirectory.start()) {
            String clientId = project(directory, UnreachablePolicy.FAIL_CLOSED);

            String otp = obtainOtp(enrol(keys, clientId, "alice@example.com", 2468));

            verify(clientId, "alice@example.com", otp).body("result", equalTo("ACCEPT"));
        }
    }

    @Test
    void aUserOutsideTheGroupOrDisabledGetsNoOtpAndTheReasonIsAudited() throws Exception {
        try (CompanyDirectory directory = CompanyDirectory.start()) {
            String clientId = project(directory, UnreachablePolicy.FAIL_CLOSED);

            authenticate(enrol(keys, clientId, "bob@example.com", 1357))
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("directory_refused"));
            authenticate(enrol(keys, clientId, "carol@example.com", 1357))
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("directory_refused"));

            awaitAuthEvent(clientId, "bob@example.com", "directory.refused", "not in a required directory group");
            awaitAuthEvent(clientId, "carol@example.com", "directory.refused", "disabled in the directory");
            assertThat(postgres.query(
                            "otp", "SELECT 1 FROM otp WHERE client_id = ? AND user_id = 'bob@example.com'", clientId))
                    .isEmpty();
        }
    }

    @Test
    void aUserDisabledAfterTheOtpIsRefusedOverRadiusWithinTheCacheTime() throws Exception {
        try (CompanyDirectory directory = CompanyDirectory.start()) {
            String clientId = project(directory, UnreachablePolicy.FAIL_CLOSED);
            Devices.TestIdentity alice = enrol(keys, clientId, "alice@example.com", 2468);
            String otp = obtainOtp(alice);

            directory.modify("alice", "userAccountControl", "514");
            clock.advance(Duration.ofSeconds(CACHE_SECONDS + 1));

            verify(clientId, "alice@example.com", otp)
                    .body("result", equalTo("REJECT"))
                    .body("reason", equalTo("invalid_otp"));
            awaitAuthEvent(clientId, "alice@example.com", "directory.refused", "disabled in the directory");
            authenticate(alice).then().statusCode(403).body("code", equalTo("directory_refused"));
        }
    }

    @Test
    void aWarmCacheDecidesRadiusWithoutAskingTheDirectory() throws Exception {
        try (CompanyDirectory directory = CompanyDirectory.start()) {
            String clientId = project(directory, UnreachablePolicy.FAIL_CLOSED);
            String otp = obtainOtp(enrol(keys, clientId, "alice@example.com", 2468));

            directory.stopListening();
            clock.advance(Duration.ofSeconds(CACHE_SECONDS - 5));

            verify(clientId, "alice@example.com", otp).body("result", equalTo("ACCEPT"));
        }
    }

    @Test
    void anUnreachableDirectoryFailsClosedByDefault() throws Exception {
        try (CompanyDirectory directory = CompanyDirectory.start()) {
            String clientId = project(directory, UnreachablePolicy.FAIL_CLOSED);
            Devices.TestIdentity alice = enrol(keys, clientId, "alice@example.com", 2468);
            String otp = obtainOtp(alice);

            directory.stopListening();
            clock.advance(Duration.ofSeconds(CACHE_SECONDS + 1));

            verify(clientId, "alice@example.com", otp).body("result", equalTo("REJECT"));
            authenticate(alice).then().statusCode(403).body("code", equalTo("directory_refused"));
            awaitAuthEvent(clientId, "alice@example.com", "directory.refused", "directory_unreachable");
        }
    }

    @Test
    void anUnreachableDirectoryWithUseCacheTrustsTheLastAnswerUpToStaleMinutes() throws Exception {
        try (CompanyDirectory directory = CompanyDirectory.start()) {
            String clientId = project(directory, UnreachablePolicy.USE_CACHE);
            Devices.TestIdentity alice = enrol(keys, clientId, "alice@example.com", 2468);
            String first = obtainOtp(alice);

            directory.stopListening();
            clock.advance(Duration.ofMinutes(2));

            verify(clientId, "alice@example.com", first).body("result", equalTo("ACCEPT"));
            awaitAuthEvent(clientId, "alice@example.com", "directory.cached-answer-used", "directory_unreachable");
            String second = obtainOtp(alice);

            clock.advance(Duration.ofMinutes(4));

            verify(clientId, "alice@example.com", second).body("result", equalTo("REJECT"));
            authenticate(alice).then().statusCode(403).body("code", equalTo("directory_refused"));
        }
    }
}
