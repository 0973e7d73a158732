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
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.Concurrently;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import dev.zeropin.registration.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RegistrationTestResources
class RegistrationResourceTest {

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    /** The per-address budget of the test profile (application.properties). */
    private static final int ADDRESS_BUDGET = 40;

    /** The default daily cap of wrong codes per User ID. */
    private static final int WRONG_CODE_CAP = 20;

    @InjectPostgres
    PostgresServer postgres;

    @Inject
    TestClock clock;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Registrations.createProject(keys, Map.of());
    }

    @AfterEach
    void realTime() {
        clock.reset();
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
                .body("verification.codeLength", equalTo(8));

        String text = newestMail(mail, user, 1);
        assertThat(codeIn(text)).matches("\\d{8}");
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
        String wrong = right.equals("00000000") ? "00000001" : "00000000";

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
                .body("code", equalTo("project_not_found"));
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
    void limitsRegistrationsPerUserIdAcrossProjectsAndPerAddress() {
        String user = user();
        String other = Registrations.createProject(keys, Map.of());
        for (int i = 0; i < 5; i++) {
            start(i % 2 == 0 ? clientId : other, user, randomAddress()).then().statusCode(202);
        }
        start(Registrations.createProject(keys, Map.of()), user, randomAddress())
                .then()
                .statusCode(429)
                .header("Retry-After", "3600")
                .body("code", equalTo("too_many_registrations"));

        String address = randomAddress();
        int accepted = 0;
        for (int i = 0; i < ADDRESS_BUDGET + 1; i++) {
            if (start(clientId, user(), address).statusCode() == 202) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(ADDRESS_BUDGET);
    }

    /**
     * The attack of issue 16: many starts at once for someone else's User ID, spread over projects,
     * each hoping to pass a count taken before the others' inserts.
     */
    @Test
    void fiftyConcurrentStartsForOneUserIdAcrossProjectsGiveAtMostTheBudget() throws Exception {
        String user = user();
        List<String> projects = List.of(
                clientId, Registrations.createProject(keys, Map.of()), Registrations.createProject(keys, Map.of()));

        List<Integer> answers = Concurrently.run(
                50, i -> () -> start(projects.get(i % 3), user, randomAddress()).statusCode());

        assertThat(answers).containsOnly(202, 429);
        assertThat(answers.stream().filter(status -> status == 202)).hasSize(5);
        assertThat(postgres.query("registration", "SELECT id FROM registration WHERE user_id = ?", user))
                .hasSize(5);
    }

    @Test
    void concurrentStartsFromOneAddressRespectTheAddressBudget() throws Exception {
        String address = randomAddress();

        List<Integer> answers = Concurrently.run(
                ADDRESS_BUDGET + 20, i -> () -> start(clientId, user(), address).statusCode());

        assertThat(answers).containsOnly(202, 429);
        assertThat(answers.stream().filter(status -> status == 202)).hasSize(ADDRESS_BUDGET);
    }

    /**
     * Guessing someone else's code with every registration the budgets allow, in three projects and
     * all at once: no more codes are compared than the daily cap of the User ID, and the owner can
     * still finish with the e-mailed link.
     */
    @Test
    void aCodeGuessingRunAcrossThreeProjectsStaysWithinTheDailyCap() throws Exception {
        String victim = user();
        List<String> projects = List.of(
                clientId, Registrations.createProject(keys, Map.of()), Registrations.createProject(keys, Map.of()));
        List<String> registrationIds = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Response started = start(projects.get(i % 3), victim, randomAddress());
            if (started.statusCode() == 202) {
                registrationIds.add(started.path("registrationId"));
            }
        }
        List<String> codes = new java.util.ArrayList<>();
        for (int i = 0; i < registrationIds.size(); i++) {
            codes.add(codeIn(newestMail(mail, victim, i + 1)));
        }
        int attemptsEach = 5;

        List<String> answers = Concurrently.run(registrationIds.size() * attemptsEach, i -> {
            String id = registrationIds.get(i / attemptsEach);
            String guess = String.format("%08d", i);
            String wrong = codes.contains(guess) ? "99999999" : guess;
            return () -> verifyCode(id, wrong).path("code");
        });

        long compared = answers.stream()
                .filter(code -> code.equals("wrong_code") || code.equals("registration_void"))
                .count();
        assertThat(registrationIds.size() * attemptsEach).isGreaterThan(WRONG_CODE_CAP);
        assertThat(compared).isEqualTo(WRONG_CODE_CAP);
        assertThat(answers).contains("too_many_wrong_codes");
        // 20 compared guesses void at most 4 of the 5 registrations: the owner finishes the other.
        int pending = 0;
        while (!"PENDING"
                .equals(Registrations.statusOf(registrationIds.get(pending)).path("status"))) {
            pending++;
        }
        String open = registrationIds.get(pending);
        verifyCode(open, "12345678").then().statusCode(429).body("code", equalTo("too_many_wrong_codes"));
        String openMail = mail.messagesTo(victim).stream()
                .map(Registrations::text)
                .filter(text -> text.contains("registration=" + open))
                .findFirst()
                .orElseThrow();
        verifyLink(open, linkTokenIn(openMail)).then().statusCode(200);
    }

    @Test
    void rightCodesDoNotSpendTheDailyCapOfWrongCodes() {
        String user = user();
        int mails = 0;
        for (int i = 0; i < 3; i++) {
            String id = start(clientId, user, randomAddress()).path("registrationId");
            mails++;
            for (int attempt = 0; attempt < 5; attempt++) {
                verifyCode(id, wrongCodeFor(newestMail(mail, user, mails)));
            }
        }
        for (int i = 0; i < 2; i++) {
            String id = start(clientId, user, randomAddress()).path("registrationId");
            verifyCode(id, codeIn(newestMail(mail, user, ++mails))).then().statusCode(200);
        }
        clock.advance(java.time.Duration.ofHours(1));

        String id = start(clientId, user, randomAddress()).path("registrationId");
        String wrong = wrongCodeFor(newestMail(mail, user, ++mails));
        for (int left = 4; left >= 1; left--) {
            verifyCode(id, wrong).then().statusCode(400).body("attemptsLeft", equalTo(left));
        }
        verifyCode(id, wrong).then().statusCode(410).body("code", equalTo("registration_void"));
        String next = start(clientId, user, randomAddress()).path("registrationId");
        verifyCode(next, wrongCodeFor(newestMail(mail, user, ++mails)))
                .then()
                .statusCode(429)
                .body("code", equalTo("too_many_wrong_codes"));
    }

    private static String wrongCodeFor(String mailText) {
        return codeIn(mailText).equals("00000000") ? "00000001" : "00000000";
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
        verifyCode("not-a-uuid", "12345678").then().statusCode(404).body("code", equalTo("registration_not_found"));
        verifyCode(UUID.randomUUID().toString(), "12345678")
                .then()
                .statusCode(404)
                .body("code", equalTo("registration_not_found"));
    }
}
