package dev.zeropin.otp.service;

import static dev.zeropin.otp.Devices.enrol;
import static dev.zeropin.otp.Devices.obtainOtp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.internal.otp.InternalOtpApi;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyRequest;
import dev.zeropin.otp.Devices;
import dev.zeropin.otp.OtpTestResources;
import dev.zeropin.outbox.Housekeeping;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@OtpTestResources
class OtpHousekeepingTest {

    @InjectKeys
    KeyRing keys;

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectPostgres
    PostgresServer postgres;

    @Inject
    Housekeeping housekeeping;

    /** The gateway's service token, as radius-gateway signs it. */
    private String gatewayToken() {
        return Devices.gatewayToken(keys);
    }

    private void failFrom(String clientId, String userId, String callingStationId) {
        given().auth()
                .oauth2(gatewayToken())
                .contentType(ContentType.JSON)
                .body(VerifyRequest.pap(
                        clientId, userId, "000000", new NasSession("vpn1", "192.0.2.10", callingStationId, null, null)))
                .post(InternalOtpApi.VERIFY_PATH)
                .then()
                .statusCode(200);
    }

    private List<Map<String, Object>> failures(String clientId) {
        return postgres.query(
                "otp", "SELECT source, failures FROM otp_failure WHERE client_id = ? ORDER BY source", clientId);
    }

    @Test
    void purgesFailureCountsOnceTheyHaveDrainedAndTheirBackOffHasEnded() {
        String clientId = Devices.createProject(broker, postgres, 6, 90, true);
        obtainOtp(enrol(keys, clientId, "purge@example.com", 4321));
        for (int i = 0; i < 5; i++) {
            failFrom(clientId, "purge@example.com", "198.51.100.7");
        }
        failFrom(clientId, "purge@example.com", "203.0.113.9");
        assertThat(failures(clientId))
                .containsExactly(
                        Map.of("source", "*", "failures", 6),
                        Map.of("source", "station:198.51.100.7", "failures", 5),
                        Map.of("source", "station:203.0.113.9", "failures", 1));

        housekeeping.runOnce();
        assertThat(failures(clientId))
                .as("fresh counts and a running back-off stay")
                .hasSize(3);

        // Four minutes on: the single failure has drained (one drains every 3 minutes per source),
        // and so has the count over all sources (one every 18 s); the other source's back-off has
        // ended, but four of its five failures still count.
        postgres.execute(
                "otp",
                "UPDATE otp_failure SET drained_at = now() - interval '4 minutes',"
                        + " locked_until = now() - interval '1 second' WHERE client_id = '" + clientId + "'");
        housekeeping.runOnce();
        assertThat(failures(clientId)).containsExactly(Map.of("source", "station:198.51.100.7", "failures", 5));

        postgres.execute(
                "otp",
                "UPDATE otp_failure SET drained_at = now() - interval '16 minutes' WHERE client_id = '" + clientId
                        + "'");
        housekeeping.runOnce();
        assertThat(failures(clientId)).isEmpty();
    }

    @Test
    void purgesAcceptedVerificationsOnceTheirRetryWindowHasPassed() {
        String clientId = Devices.createProject(broker, postgres, 6, 90, true);
        String otp = obtainOtp(enrol(keys, clientId, "window@example.com", 4321));
        given().auth()
                .oauth2(gatewayToken())
                .contentType(ContentType.JSON)
                .body(VerifyRequest.pap(
                        clientId,
                        "window@example.com",
                        otp,
                        new NasSession("vpn1", "192.0.2.10", "198.51.100.7", 1L, null)))
                .post(InternalOtpApi.VERIFY_PATH)
                .then()
                .statusCode(200)
                .body("result", org.hamcrest.Matchers.equalTo("ACCEPT"));
        String kept = "SELECT 1 FROM otp_accepted WHERE client_id = ?";

        housekeeping.runOnce();
        assertThat(postgres.query("otp", kept, clientId))
                .as("still in its window")
                .hasSize(1);

        postgres.execute(
                "otp",
                "UPDATE otp_accepted SET expires_at = now() - interval '1 second' WHERE client_id = '" + clientId
                        + "'");
        housekeeping.runOnce();
        assertThat(postgres.query("otp", kept, clientId)).isEmpty();
    }
}
