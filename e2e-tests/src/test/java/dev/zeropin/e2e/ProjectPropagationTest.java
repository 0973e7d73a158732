package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.ServiceProcess;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three packaged services against real PostgreSQL, Kafka and SMTP: a project created through
 * registration-service's admin API reaches otp-service through Kafka, also across a broker outage.
 */
class ProjectPropagationTest {

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withDefaults("propagation");

    @Test
    void everyServiceIsLiveAndReady() {
        for (ServiceProcess service : List.of(
                product.stack().registration(),
                product.stack().otp(),
                product.stack().gateway())) {
            given().baseUri(service.baseUrl().toString())
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
            given().baseUri(service.baseUrl().toString())
                    .get("/q/health/live")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void theDemoProjectReachesOtpService() {
        awaitProjectCopy(LocalStack.DEMO_PROJECT);
    }

    @Test
    void aProjectCreatedByAnAdminReachesOtpService() {
        String clientId = createProject();

        Map<String, Object> copy = awaitProjectCopy(clientId);

        assertThat(copy).containsEntry("otp_length", 6).containsEntry("enabled", true);
    }

    @Test
    void aProjectCreatedDuringAKafkaOutageArrivesAfterwardsOnce() {
        product.stack().kafka().stop();
        String clientId;
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> product.stack().registration().readiness() == 503
                            && product.stack().otp().readiness() == 503);
            clientId = createProject();
        } finally {
            product.stack().kafka().start();
        }

        awaitProjectCopy(clientId);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> product.stack().registration().readiness() == 200
                        && product.stack().otp().readiness() == 200
                        && product.stack().gateway().readiness() == 200);
        assertThat(product.stack()
                        .postgres()
                        .query(
                                "otp",
                                "SELECT count(*) AS n FROM zeropin_processed_event WHERE event_type = ?",
                                "project.created")
                        .get(0))
                .as("each creation applied once")
                .containsEntry("n", (long) product.stack()
                        .postgres()
                        .query("registration", "SELECT count(*) AS n FROM project")
                        .get(0)
                        .get("n"));
    }

    private static String createProject() {
        String clientId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(product.stack().registration().baseUrl().toString())
                .auth()
                .oauth2(product.stack().keys().adminToken("e2e@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "name", "End to end"))
                .post("/api/v1/admin/projects")
                .then()
                .statusCode(201);
        return clientId;
    }

    private static Map<String, Object> awaitProjectCopy(String clientId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> product
                                .stack()
                                .postgres()
                                .query("otp", "SELECT * FROM project_copy WHERE client_id = ?", clientId)
                                .stream()
                                .findFirst()
                                .orElse(null),
                        row -> row != null);
    }
}
