package dev.zeropin.registration.rest;

import static dev.zeropin.registration.Registrations.randomAddress;
import static dev.zeropin.registration.Registrations.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.zeropin.infra.CompanyDirectory;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registration against a project's company directory (an in-memory LDAP server). */
@QuarkusTest
@RegistrationTestResources
class DirectoryRegistrationTest {

    private static CompanyDirectory directory;

    @InjectKeys
    KeyRing keys;

    @InjectPostgres
    PostgresServer postgres;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = CompanyDirectory.start();
    }

    @AfterAll
    static void stopDirectory() throws IOException {
        directory.close();
    }

    /** Bind as the service account, users by mail, members of the VPN group, AD's disabled bit. */
    private static Map<String, Object> directorySettings(String passwordFile) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("url", directory.url());
        settings.put("bindDn", CompanyDirectory.BIND_DN);
        settings.put("bindPasswordFile", passwordFile);
        settings.put("baseDn", CompanyDirectory.PEOPLE);
        settings.put("userIdAttribute", "mail");
        settings.put("userFilter", "(objectClass=inetOrgPerson)");
        settings.put("requiredGroups", List.of(CompanyDirectory.VPN_GROUP));
        settings.put("groupCheck", "MEMBER_OF");
        settings.put("disabledCheck", "AD_USER_ACCOUNT_CONTROL");
        settings.put("timeoutMillis", 2000);
        return settings;
    }

    private String projectWithDirectory(String passwordFile) {
        return Registrations.createProject(keys, Map.of("directory", directorySettings(passwordFile)));
    }

    private RequestSpecification admin() {
        return given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON);
    }

    /** The admin API's directory test of a project. */
    private ValidatableResponse testDirectory(String clientId, Map<String, ?> body) {
        return admin().body(body)
                .post("/api/v1/admin/projects/" + clientId + "/directory/test")
                .then();
    }

    private List<String> refusalReasons(String clientId, String userId) {
        return postgres
                .query(
                        "registration",
                        "SELECT detail FROM audit_event WHERE type = 'registration.refused' AND client_id = ? AND user_id = ?",
                        clientId,
                        userId)
                .stream()
                .map(row -> (String) row.get("detail"))
                .toList();
    }

    private long registrationsOf(String clientId) {
        return (Long)
                postgres.query("registration", "SELECT count(*) AS n FROM registration WHERE client_id = ?", clientId)
                        .get(0)
                        .get("n");
    }

    @Test
    void aUserInTheRequiredGroupRegisters() {
        String clientId = projectWithDirectory(directory.passwordFile().toString());

        start(clientId, "alice@example.com", randomAddress()).then().statusCode(202);

        assertThat(registrationsOf(clientId)).isEqualTo(1);
        assertThat(refusalReasons(clientId, "alice@example.com")).isEmpty();
    }

    @Test
    void everyRefusalLooksTheSameToTheUserAndTellsTheAdministratorWhy() {
        String clientId = projectWithDirectory(directory.passwordFile().toString());
        Map<String, String> reasons = Map.of(
                "bob@example.com", "not in a required directory group",
                "carol@example.com", "disabled in the directory",
                "mallory@example.com", "not found in the directory",
                "*)(uid=*", "not found in the directory",
                "erin@example.com", "more than one directory entry matches");
        List<String> bodies = new java.util.ArrayList<>();

        reasons.forEach((userId, reason) -> {
            Response refused = start(clientId, userId, randomAddress());
            if ("*)(uid=*".equals(userId)) {
                // Not an e-mail address: refused by validation before any directory is asked.
                refused.then().statusCode(400).body("code", equalTo("validation_failed"));
                return;
            }
            refused.then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("user_id_not_allowed"));
            bodies.add(refused.jsonPath().getString("code") + "|"
                    + refused.jsonPath().getString("detail"));
            assertThat(refusalReasons(clientId, userId))
                    .as(userId)
                    .containsExactly("registration refused: directory: " + reason);
        });

        assertThat(bodies).hasSize(4).containsOnly(bodies.get(0));
        assertThat(registrationsOf(clientId)).isZero();
    }

    @Test
    void anInjectedFilterFindsNobodyInTheDirectory() {
        String clientId = projectWithDirectory(directory.passwordFile().toString());

        testDirectory(clientId, Map.of("userId", "*)(uid=*")).statusCode(200).body("outcome", equalTo("UNKNOWN"));
        testDirectory(clientId, Map.of("userId", "*")).statusCode(200).body("outcome", equalTo("UNKNOWN"));
    }

    @Test
    void aWrongBindPasswordRefusesRegistrationAndTheTestSaysWhy() throws IOException {
        Path wrong = Files.createTempFile("directory-wrong", ".txt");
        try {
            Files.writeString(wrong, "wrong-password-0815\n");
            String clientId = projectWithDirectory(wrong.toString());

            start(clientId, "alice@example.com", randomAddress())
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("user_id_not_allowed"));
            assertThat(refusalReasons(clientId, "alice@example.com"))
                    .singleElement()
                    .asString()
                    .startsWith("registration refused: directory: directory_bind_failed: ")
                    .doesNotContain("wrong-password-0815");

            testDirectory(clientId, Map.of())
                    .statusCode(502)
                    .contentType("application/problem+json")
                    .body("code", equalTo("directory_bind_failed"));
        } finally {
            Files.deleteIfExists(wrong);
        }
    }

    @Test
    void anUnreachableDirectoryRefusesRegistrationAndTheTestSaysWhy() throws IOException {
        Map<String, Object> settings =
                directorySettings(directory.passwordFile().toString());
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            settings.put("url", "ldap://127.0.0.1:" + socket.getLocalPort());
        }
        settings.put("timeoutMillis", 500);
        String clientId = Registrations.createProject(keys, Map.of("directory", settings));

        start(clientId, "alice@example.com", randomAddress())
                .then()
                .statusCode(403)
                .body("code", equalTo("user_id_not_allowed"));
        assertThat(refusalReasons(clientId, "alice@example.com"))
                .singleElement()
                .asString()
                .startsWith("registration refused: directory: directory_unreachable: ");
        testDirectory(clientId, Map.of("userId", "alice@example.com"))
                .statusCode(502)
                .body("code", equalTo("directory_unreachable"));
    }

    @Test
    void theTestShowsTheEntryAndGroupsOfAUserIdAndIsAudited() {
        String clientId = projectWithDirectory(directory.passwordFile().toString());

        testDirectory(clientId, Map.of("userId", "alice@example.com"))
                .statusCode(200)
                .body("outcome", equalTo("ALLOWED"))
                .body("entryDn", equalTo("uid=alice," + CompanyDirectory.PEOPLE))
                .body("groups", contains(CompanyDirectory.VPN_GROUP));
        testDirectory(clientId, Map.of("userId", "bob@example.com"))
                .statusCode(200)
                .body("outcome", equalTo("NOT_IN_GROUP"));

        assertThat(postgres.query(
                        "registration",
                        "SELECT detail FROM audit_event WHERE type = 'admin.directory-tested' AND client_id = ?",
                        clientId))
                .extracting(row -> row.get("detail"))
                .containsExactlyInAnyOrder(
                        "User ID alice@example.com: allowed",
                        "User ID bob@example.com: not in a required directory group");
    }

    @Test
    void aProjectWithoutDirectoryHasNothingToTest() {
        String clientId = Registrations.createProject(keys, Map.of());

        testDirectory(clientId, Map.of()).statusCode(409).body("code", equalTo("directory_not_configured"));
    }

    @Test
    void theSettingsAreShownAndStoredWithoutThePasswordAndCanBeRemoved() throws IOException {
        String clientId = projectWithDirectory(directory.passwordFile().toString());
        String password = Files.readString(directory.passwordFile()).strip();

        admin().get("/api/v1/admin/projects/" + clientId)
                .then()
                .statusCode(200)
                .body("directory.url", equalTo(directory.url()))
                .body(
                        "directory.bindPasswordFile",
                        equalTo(directory.passwordFile().toString()))
                .body("directory.requiredGroups", contains(CompanyDirectory.VPN_GROUP))
                .body("directory.cacheSeconds", equalTo(60))
                .body("directory.unreachablePolicy", equalTo("FAIL_CLOSED"));
        String stored =
                (String) postgres.query("registration", "SELECT directory FROM project WHERE client_id = ?", clientId)
                        .get(0)
                        .get("directory");
        assertThat(stored).contains(CompanyDirectory.BIND_DN).doesNotContain(password);

        admin().body(Map.of("removeDirectory", true))
                .patch("/api/v1/admin/projects/" + clientId)
                .then()
                .statusCode(200)
                .body("directory", org.hamcrest.Matchers.nullValue());
        start(clientId, "bob@example.com", randomAddress()).then().statusCode(202);
    }

    @Test
    void invalidDirectorySettingsAreRefusedFieldByField() {
        Map<String, Object> settings =
                directorySettings(directory.passwordFile().toString());
        settings.put("url", "http://dc1.example.com");
        settings.put("userFilter", "(objectClass=person");
        settings.put("requiredGroups", List.of("not a dn"));

        admin().body(Map.of(
                        "clientId", "dir-invalid-" + System.nanoTime() % 100000, "name", "x", "directory", settings))
                .post("/api/v1/admin/projects")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("directory.url"))
                .body("errors.field", hasItem("directory.userFilter"))
                .body("errors.field", hasItem("directory.requiredGroups[0]"));
    }
}
