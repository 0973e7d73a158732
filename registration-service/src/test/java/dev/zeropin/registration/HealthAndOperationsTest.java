package dev.zeropin.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What an operator relies on: health, metrics and the API description. */
@QuarkusTest
@RegistrationTestResources
class HealthAndOperationsTest {

    @Test
    void isLiveAndReadyWithItsDatabaseAndKafka() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("kafka", "Reactive PostgreSQL connections health check"));
    }

    @Test
    void exposesPrometheusMetricsIncludingTheOutbox() {
        given().get("/api/v1/admin/projects").then().statusCode(401);

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("zeropin_outbox_published_total"))
                .body(containsString("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\""));
    }

    @Test
    void describesItsApiInOpenApi() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("ZeroPIN registration-service"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/admin/projects"));
    }
}
