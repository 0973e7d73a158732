package dev.zeropin.otp.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.otp.OtpTestResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
@OtpTestResources
class VerificationWarmUpTest {

    @InjectPostgres
    PostgresServer postgres;

    @Inject
    OtpService otps;

    @Inject
    MeterRegistry registry;

    @Test
    void theServiceTurnsReadyOnlyWithItsVerificationPathWarm() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int status;
        do {
            status = given().get("/q/health/ready").statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        } while (status != 200 && Instant.now().isBefore(deadline));

        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("verification-warm-up"));
    }

    @Test
    void aWarmUpWritesNothingAndCountsNothing() throws Throwable {
        double verifications = total("zeropin.otp.verifications");

        VertxContextSupport.subscribeAndAwait(otps::warmUp);
        VertxContextSupport.subscribeAndAwait(otps::warmUp);

        assertThat(total("zeropin.otp.verifications")).isEqualTo(verifications);
        assertThat(count("SELECT count(*) AS n FROM zeropin_outbox WHERE envelope LIKE '%warm-up%'"))
                .isZero();
        assertThat(count("SELECT count(*) AS n FROM otp_failure WHERE user_id LIKE 'warm-up%'"))
                .isZero();
        assertThat(count("SELECT count(*) AS n FROM otp_accepted WHERE user_id LIKE 'warm-up%'"))
                .isZero();
    }

    private double total(String counter) {
        return registry.find(counter).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private long count(String sql) {
        return (Long) postgres.query("otp", sql).get(0).get("n");
    }
}
