package dev.zeropin.registration.rest;

import static dev.zeropin.registration.rest.ProjectRequests.aProject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.keys.SigningKey;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.registration.RegistrationTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RegistrationTestResources
class AdminProjectResourceTest {

    private static final String PROJECTS = "/api/v1/admin/projects";

    @InjectKeys
    KeyRing keys;

    private RequestSpecification asAdmin() {
        return given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON);
    }

    @Test
    void createsAProjectWithDefaultSettings() {
        ProjectRequests project = aProject();

        asAdmin()
                .body(project.body())
                .post(PROJECTS)
                .then()
                .statusCode(201)
                .header("Location", endsWith(PROJECTS + "/" + project.clientId()))
                .body("clientId", equalTo(project.clientId()))
                .body("name", equalTo("Test project"))
                .body("enabled", equalTo(true))
                .body("otpLength", equalTo(6))
                .body("otpLifetimeSeconds", equalTo(90))
                .body("verificationMethods", containsInAnyOrder("EMAIL_CODE", "EMAIL_LINK"))
                .body("allowedEmailDomains", empty())
                .body("browserAllowed", equalTo(true))
                .body("mobileAllowed", equalTo(true))
                .body("revision", equalTo(0))
                .body("otpLink", endsWith("/otpgen?client_id=" + project.clientId()));

        asAdmin()
                .get(PROJECTS + "/" + project.clientId())
                .then()
                .statusCode(200)
                .body("name", equalTo("Test project"));
        asAdmin().get(PROJECTS).then().statusCode(200).body("clientId", hasItem(project.clientId()));
    }

    @Test
    void changesOnlyTheFieldsSentAndRaisesTheRevision() {
        ProjectRequests project = aProject().allowingDomains("Example.COM");
        asAdmin().body(project.body()).post(PROJECTS).then().statusCode(201);

        asAdmin()
                .body(Map.of("otpLength", 8, "enabled", false))
                .patch(PROJECTS + "/" + project.clientId())
                .then()
                .statusCode(200)
                .body("otpLength", equalTo(8))
                .body("enabled", equalTo(false))
                .body("name", equalTo("Test project"))
                .body("allowedEmailDomains", equalTo(List.of("example.com")))
                .body("revision", equalTo(1));
    }

    @Test
    void keepsTheReplyMessageWordingPerProjectAndRestoresADefault() {
        ProjectRequests project = aProject();
        asAdmin().body(project.body()).post(PROJECTS).then().statusCode(201);
        asAdmin()
                .get(PROJECTS + "/" + project.clientId())
                .then()
                .body("replyMessages.reject", equalTo(ReplyMessages.DEFAULTS.reject()))
                .body("replyMessages.locked", containsString("{seconds}"));

        asAdmin()
                .body(Map.of("replyMessages", Map.of("reject", "Falsches Einmalpasswort", "accept", "")))
                .patch(PROJECTS + "/" + project.clientId())
                .then()
                .statusCode(200)
                .body("replyMessages.reject", equalTo("Falsches Einmalpasswort"))
                .body("replyMessages.accept", equalTo(""))
                .body("replyMessages.locked", equalTo(ReplyMessages.DEFAULTS.locked()));

        asAdmin()
                .body(Map.of("replyMessages", Map.of("reject", ReplyMessages.DEFAULTS.reject())))
                .patch(PROJECTS + "/" + project.clientId())
                .then()
                .statusCode(200)
                .body("replyMessages.reject", equalTo(ReplyMessages.DEFAULTS.reject()))
                .body("replyMessages.accept", equalTo(""));
    }

    @Test
    void refusesReplyMessagesThatDoNotFitARadiusAttribute() {
        asAdmin()
                .body(aProject()
                        .with(
                                "replyMessages",
                                Map.of("reject", "x".repeat(201), "locked", "wait\r\nmore", "accept", " "))
                        .body())
                .post(PROJECTS)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("replyMessages.reject", "replyMessages.locked"))
                .body("errors.field", not(hasItem("replyMessages.accept")));
    }

    @Test
    void refusesASecondProjectWithTheSameClientId() {
        ProjectRequests project = aProject();
        asAdmin().body(project.body()).post(PROJECTS).then().statusCode(201);

        asAdmin()
                .body(project.body())
                .post(PROJECTS)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("project_exists"));
    }

    @Test
    void listsEveryBrokenRuleOfInvalidSettings() {
        asAdmin()
                .body(aProject()
                        .with("clientId", "Not Valid")
                        .with("otpLength", 5)
                        .with("otpLifetimeSeconds", 5)
                        .with("verificationMethods", List.of())
                        .with("browserAllowed", false)
                        .with("mobileAllowed", false)
                        .allowingDomains("not a domain")
                        .body())
                .post(PROJECTS)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body(
                        "errors.field",
                        hasItems(
                                "clientId",
                                "otpLength",
                                "otpLifetimeSeconds",
                                "verificationMethods",
                                "browserAllowed",
                                "allowedEmailDomains[0]"));
    }

    @Test
    void refusesAnUnknownVerificationMethodNamingTheField() {
        asAdmin()
                .body(aProject().with("verificationMethods", List.of("SMS")).body())
                .post(PROJECTS)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("verificationMethods[0]"));
    }

    @Test
    void refusesUnknownFieldsMalformedJsonAndMissingBodies() {
        asAdmin()
                .body(aProject().with("otpLenght", 7).body())
                .post(PROJECTS)
                .then()
                .statusCode(400)
                .body("code", equalTo("unknown_field"));
        asAdmin().body("{\"name\": ").post(PROJECTS).then().statusCode(400).body("code", equalTo("malformed_json"));
        asAdmin().post(PROJECTS).then().statusCode(400).body("code", equalTo("missing_body"));
        asAdmin().body("[1,2]").post(PROJECTS).then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void answersProblemsForUnknownProjectsRoutesMethodsAndMediaTypes() {
        asAdmin()
                .get(PROJECTS + "/does-not-exist")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("project_not_found"));
        asAdmin()
                .get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        asAdmin()
                .delete(PROJECTS)
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("code", equalTo("method_not_allowed"));
        asAdmin()
                .contentType(ContentType.TEXT)
                .body("name=x")
                .post(PROJECTS)
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void refusesTheChangeOfAClientId() {
        ProjectRequests project = aProject();
        asAdmin().body(project.body()).post(PROJECTS).then().statusCode(201);

        asAdmin()
                .body(Map.of("clientId", "other-id"))
                .patch(PROJECTS + "/" + project.clientId())
                .then()
                .statusCode(400)
                .body("code", equalTo("client_id_immutable"));
    }

    @Test
    void requiresAValidAdminToken() {
        given().contentType(ContentType.JSON)
                .get(PROJECTS)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthorized"))
                .body("detail", equalTo("A valid bearer token is required."));

        SigningKey stranger = SigningKey.generate("admin");
        String forged = stranger.signJwt(
                KeyRing.ADMIN_ISSUER, KeyRing.ADMIN_AUDIENCE, "x", List.of("admin"), Duration.ofMinutes(5), Map.of());
        given().auth().oauth2(forged).get(PROJECTS).then().statusCode(401).body("code", equalTo("unauthorized"));

        JwtClaims expired = new JwtClaims();
        expired.setIssuer(KeyRing.ADMIN_ISSUER);
        expired.setAudience(KeyRing.ADMIN_AUDIENCE);
        expired.setSubject("ops@example.com");
        expired.setStringListClaim("groups", "admin");
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
        String expiredToken = keys.signingKey(KeyRing.ADMIN_SIGNING).sign(expired);
        given().auth().oauth2(expiredToken).get(PROJECTS).then().statusCode(401);

        String notAdmin = keys.signingKey(KeyRing.ADMIN_SIGNING)
                .signJwt(
                        KeyRing.ADMIN_ISSUER,
                        KeyRing.ADMIN_AUDIENCE,
                        "x",
                        List.of("user"),
                        Duration.ofMinutes(5),
                        Map.of());
        given().auth()
                .oauth2(notAdmin)
                .get(PROJECTS)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"))
                .body("reference", nullValue());

        String wrongAudience = keys.signingKey(KeyRing.ADMIN_SIGNING)
                .signJwt(KeyRing.ADMIN_ISSUER, "somebody-else", "x", List.of("admin"), Duration.ofMinutes(5), Map.of());
        given().auth().oauth2(wrongAudience).get(PROJECTS).then().statusCode(401);
    }
}
