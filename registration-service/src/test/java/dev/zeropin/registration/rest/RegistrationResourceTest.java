package dev.zeropin.registration.rest;

import static dev.zeropin.registration.Registrations.codeIn;
import static dev.zeropin.registration.Registrations.createIdentity;
import static dev.zeropin.registration.Registrations.linkTokenIn;
import static dev.zeropin.registration.Registrations.newestMail;
import static dev.zeropin.registration.Registrations.randomAddress;
import static dev.zeropin.registration.Registrations.start;
import static dev.zeropin.registration.Registrations.verifyCode;
import static dev.zeropin.registration.Registrations.verifyLink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RegistrationTestResources
class RegistrationResourceTest {

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Registrations.createProject(keys, Map.of());
    }

    private static String user() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void sendsACodeAndALinkAndAnswersWithTheVerificationMethods() {
        String user = user();

        start(clientId, user.toUpperCase(), randomAddress())
                .then()
                .statusCode(202)
                .body("registrationId", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"))
                .body("verification.methods", containsInAnyOrder("EMAIL_CODE", "EMAIL_LINK"))
                .body("verification.codeLength", equalTo(6));

        String text = newestMail(mail, user, 1);
        assertThat(codeIn(text)).matches("\\d{6}");
        assertThat(text).contains("/otpgen/verify?client_id=" + clientId + "&registration=");
        assertThat(linkTokenIn(text)).hasSizeGreaterThan(40);
    }

    @Test
    void theCodeYieldsAOneTimeActivationToken() {
        String user = user();
        String id = start(clientId, user, randomAddress()).path("registrationId");

        String token = verifyCode(id, codeIn(newestMail(mail, user, 1)))
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("expiresIn", equalTo(300))
                .extract()
                .path("activationToken");

        createIdentity(token).then().statusCode(201);
        createIdentity(token)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_activation_token"));
        verifyCode(id, codeIn(newestMail(mail, user, 1)))
                .then()
                .statusCode(409)
                .body("code", equalTo("already_verified"));
        Registrations.statusOf(id).then().statusCode(200).body("status", equalTo("VERIFIED"));
    }

    @Test
    void theLinkAlsoCompletesTheRegistration() {
        String user = user();
        String id = start(clientId, user, randomAddress()).path("registrationId");

        verifyLink(id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .then()
                .statusCode(400)
                .body("code", equalTo("wrong_link"));
        String token = verifyLink(id, linkTokenIn(newestMail(mail, user, 1)))
                .then()
                .statusCode(200)
                .extract()
                .path("activationToken");

        createIdentity(token).then().statusCode(201).body("userId", equalTo(user));
    }

    @Test
    void wrongCodesCountAndTheFifthVoidsTheRegistration() {
        String user = user();
        String id = start(clientId, user, randomAddress()).path("registrationId");
        String right = codeIn(newestMail(mail, user, 1));
        String wrong = right.equals("000000") ? "000001" : "000000";

        for (int left = 4; left >= 1; left--) {
            verifyCode(id, wrong)
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("wrong_code"))
                    .body("attemptsLeft", equalTo(left));
        }
        verifyCode(id, wrong).then().statusCode(410).body("code", equalTo("registration_void"));
        verifyCode(id, right).then().statusCode(410).body("code", equalTo("registration_void"));
    }

    @Test
    void refusesUnknownAndDisabledProjectsForeignDomainsAndBadUserIds() {
        start("no-such-project", user(), randomAddress())
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown_project"));
        String disabled = Registrations.createProject(keys, Map.of("enabled", false));
        start(disabled, user(), randomAddress()).then().statusCode(403).body("code", equalTo("project_disabled"));
        String corporate = Registrations.createProject(keys, Map.of("allowedEmailDomains", List.of("corp.example")));
        start(corporate, user(), randomAddress()).then().statusCode(403).body("code", equalTo("domain_not_allowed"));
        start(corporate, "Ann@Corp.Example", randomAddress()).then().statusCode(202);
        start(clientId, "not-an-address", randomAddress())
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("userId"));
    }

    @Test
    void aCodeOnlyProjectSendsNoLinkAndRefusesLinkVerification() {
        String codeOnly = Registrations.createProject(keys, Map.of("verificationMethods", List.of("EMAIL_CODE")));
        String user = user();
        String id = start(codeOnly, user, randomAddress()).path("registrationId");

        String text = newestMail(mail, user, 1);
        assertThat(linkTokenIn(text)).isNull();
        verifyLink(id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .then()
                .statusCode(400)
                .body("code", equalTo("verification_method_not_allowed"));
        verifyCode(id, codeIn(text)).then().statusCode(200);
    }

    @Test
    void limitsRegistrationsPerUserIdAndPerAddress() {
        String user = user();
        for (int i = 0; i < 5; i++) {
            start(clientId, user, randomAddress()).then().statusCode(202);
        }
        start(clientId, user, randomAddress()).then().statusCode(429).body("code", equalTo("too_many_registrations"));

        String address = randomAddress();
        int accepted = 0;
        for (int i = 0; i < 31; i++) {
            if (start(clientId, user(), address).statusCode() == 202) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(30);
    }

    @Test
    void answersAlikeWhetherTheUserIdIsRegisteredOrNot() {
        String known = user();
        Registrations.registerAndCreateIdentity(mail, clientId, known).then().statusCode(201);

        Response forKnown = start(clientId, known, randomAddress());
        Response forNew = start(clientId, user(), randomAddress());

        assertThat(forKnown.statusCode()).isEqualTo(forNew.statusCode()).isEqualTo(202);
        assertThat(forKnown.jsonPath().getMap("").keySet())
                .isEqualTo(forNew.jsonPath().getMap("").keySet());
        assertThat(forKnown.jsonPath().getMap("verification")).containsOnlyKeys("methods", "codeLength", "expiresAt");
    }

    @Test
    void refusesMalformedVerificationRequests() {
        String id = start(clientId, user(), randomAddress()).path("registrationId");

        verifyCode(id, "12ab").then().statusCode(400).body("code", equalTo("validation_failed"));
        verifyCode("not-a-uuid", "123456").then().statusCode(404).body("code", equalTo("registration_not_found"));
        verifyCode(UUID.randomUUID().toString(), "123456")
                .then()
                .statusCode(404)
                .body("code", equalTo("registration_not_found"));
    }
}
