package dev.zeropin.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.registration.AdminAuditType;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change through the JSON admin API is audited exactly like one in the console: same type, the
 * token's subject as the actor, the project, the source address, and never a secret (issue 20).
 */
@QuarkusTest
@RegistrationTestResources
class AdminApiAuditTest {

    private static final String PROJECTS = "/api/v1/admin/projects";
    private static final String CLIENTS = "/api/v1/admin/radius-clients";

    @InjectKeys
    KeyRing keys;

    @InjectPostgres
    PostgresServer postgres;

    @InjectMailServer
    MailServer mail;

    /** The token's subject, new per test, so that each test sees only its own audit rows. */
    private String operator;

    @BeforeEach
    void operator() {
        operator = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private RequestSpecification asOperator() {
        return given().auth()
                .oauth2(keys.adminToken(operator, Duration.ofMinutes(5)))
                .contentType(ContentType.JSON);
    }

    private String actor() {
        return "admin:" + operator;
    }

    private List<Map<String, Object>> auditRows(AdminAuditType type) {
        return postgres.query(
                "registration",
                "SELECT client_id, source_address, result, detail FROM audit_event WHERE type = ? AND user_id = ?",
                type.code(),
                actor());
    }

    private List<String> everyAuditRowOfTheOperator() {
        return postgres
                .query(
                        "registration",
                        "SELECT row_to_json(a)::text AS whole FROM audit_event a WHERE user_id = ?",
                        actor())
                .stream()
                .map(row -> (String) row.get("whole"))
                .toList();
    }

    private String createProject() {
        String clientId = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        asOperator()
                .body(Map.of("clientId", clientId, "name", "Audited"))
                .post(PROJECTS)
                .then()
                .statusCode(201);
        return clientId;
    }

    /** A RADIUS client created through the API: its id, name and the secret shown once. */
    private record Created(String id, String name, String secret) {}

    private Created createClient(String clientId) {
        String name = "vpn-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = asOperator()
                .body(Map.of("name", name, "address", uniqueAddress(), "clientId", clientId))
                .post(CLIENTS);
        created.then().statusCode(201);
        return new Created(created.path("client.id"), name, created.path("secret"));
    }

    /** An IPv6 address of its own, so that no other project's client overlaps it. */
    private static String uniqueAddress() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "2001:db8:" + hex.substring(0, 4) + ":" + hex.substring(4, 8) + "::1";
    }

    /** The one row of {@code type} that this test's operator left for {@code clientId}, from a known address. */
    private Map<String, Object> onlyRow(AdminAuditType type, String clientId) {
        List<Map<String, Object>> rows = auditRows(type);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("client_id")).isEqualTo(clientId);
        assertThat(rows.get(0).get("result")).isEqualTo("info");
        assertThat((String) rows.get(0).get("source_address")).isNotBlank();
        return rows.get(0);
    }

    private static String detail(Map<String, Object> row) {
        return (String) row.get("detail");
    }

    @Test
    void creatingAndChangingAProjectThroughTheApiLeavesAuditRowsWithTheTokenAsActor() {
        String clientId = createProject();
        asOperator()
                .body(Map.of("enabled", false))
                .patch(PROJECTS + "/" + clientId)
                .then()
                .statusCode(200);

        assertThat(detail(onlyRow(AdminAuditType.PROJECT_CREATED, clientId))).isEqualTo("created");
        assertThat(detail(onlyRow(AdminAuditType.PROJECT_UPDATED, clientId))).contains("disabled");
    }

    @Test
    void creatingAndRotatingARadiusClientThroughTheApiIsAuditedWithoutTheSecret() {
        String clientId = createProject();
        Created created = createClient(clientId);
        Response rotated =
                asOperator().body(Map.of("overlapSeconds", 3600)).post(CLIENTS + "/" + created.id() + "/rotation");
        rotated.then().statusCode(200);
        String newSecret = rotated.path("secret");

        assertThat(detail(onlyRow(AdminAuditType.RADIUS_CLIENT_CREATED, clientId)))
                .contains(created.name());
        assertThat(detail(onlyRow(AdminAuditType.RADIUS_SECRET_ROTATED, clientId)))
                .contains(created.name())
                .contains("1 h");
        assertThat(everyAuditRowOfTheOperator())
                .hasSize(3)
                .allSatisfy(
                        row -> assertThat(row).doesNotContain(created.secret()).doesNotContain(newSecret));
    }

    @Test
    void changingDeletingAndResealingRadiusClientsThroughTheApiIsAudited() {
        String clientId = createProject();
        Created created = createClient(clientId);

        asOperator()
                .body(Map.of("requireMessageAuthenticator", true))
                .patch(CLIENTS + "/" + created.id())
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(keys.adminToken(operator, Duration.ofMinutes(5)))
                .post(CLIENTS + "/resealing")
                .then()
                .statusCode(200);
        asOperator().delete(CLIENTS + "/" + created.id()).then().statusCode(204);

        assertThat(detail(onlyRow(AdminAuditType.RADIUS_CLIENT_UPDATED, clientId)))
                .contains(created.name());
        assertThat(detail(onlyRow(AdminAuditType.RADIUS_SECRETS_RESEALED, null)))
                .endsWith("clients sealed again");
        assertThat(detail(onlyRow(AdminAuditType.RADIUS_CLIENT_DELETED, clientId)))
                .isEqualTo(created.name());
        assertThat(everyAuditRowOfTheOperator())
                .allSatisfy(row -> assertThat(row).doesNotContain(created.secret()));
    }

    @Test
    void revokingIdentitiesThroughTheApiIsAudited() {
        String clientId = createProject();
        String userId = Registrations.newUserId();
        String mpinId = Registrations.registerAndCreateIdentity(mail, clientId, userId)
                .then()
                .statusCode(201)
                .extract()
                .path("mpinId");

        asOperator()
                .body(Map.of("mpinId", mpinId))
                .post("/api/v1/admin/identities/revocation")
                .then()
                .statusCode(204);
        asOperator()
                .body(Map.of("clientId", clientId, "userId", userId))
                .post("/api/v1/admin/users/revocation")
                .then()
                .statusCode(200);

        assertThat(detail(onlyRow(AdminAuditType.IDENTITY_REVOKED, clientId))).startsWith(userId);
        assertThat(detail(onlyRow(AdminAuditType.USER_REVOKED, clientId))).isEqualTo(userId + ": 0 identities");
        assertThat(postgres.query("registration", "SELECT state FROM identity WHERE mpin_id = ?", mpinId)
                        .get(0)
                        .get("state"))
                .isEqualTo("REVOKED");
    }

    @Test
    void aBootstrapLinkMadeThroughTheApiIsAuditedWithoutItsCode() {
        String link = given().auth()
                .oauth2(keys.adminToken(operator, Duration.ofMinutes(5)))
                .post("/api/v1/admin/console/bootstrap-links")
                .then()
                .statusCode(201)
                .extract()
                .path("link");
        String code = link.substring(link.indexOf("#code=") + "#code=".length());

        assertThat(detail(onlyRow(AdminAuditType.BOOTSTRAP_LINK_CREATED, null))).startsWith("valid until");
        assertThat(everyAuditRowOfTheOperator())
                .singleElement()
                .satisfies(row -> assertThat(row).doesNotContain(code));
    }
}
