package dev.zeropin.registration.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.zeropin.events.EventCodec;
import dev.zeropin.events.RadiusClientEvents.RadiusClientUpserted;
import dev.zeropin.events.RadiusEvents;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.CompanyDirectory;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.registration.AdminAuditType;
import dev.zeropin.registration.EventRecords;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import dev.zeropin.registration.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin console over HTTP: bootstrap, PIN sign-in, sessions, CSRF, scopes, escaping and the
 * audit of every action. (The browser journey with a real PIN proof is in e2e-tests.)
 */
@QuarkusTest
@RegistrationTestResources
class ConsoleResourceTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("<code id=\"nas-secret\">([^<]+)</code>");
    private static final Pattern LOCATION_ID = Pattern.compile("/admin/radius-clients/([0-9a-f-]{36})");
    private static final Pattern SIGN_IN_LINK = Pattern.compile("/admin/enrol#code=([A-Za-z0-9_-]+)");

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    @InjectPostgres
    PostgresServer postgres;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** A signed-in console session. */
    record Session(String cookie, String csrf, String userId) {}

    private String newUser() {
        return "a" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Registers an identity for the user in a project of its own; returns its mpinId. */
    private String identityOf(String userId) {
        String clientId = Registrations.createProject(keys, Map.of());
        return Registrations.registerAndCreateIdentity(mail, clientId, userId)
                .then()
                .statusCode(201)
                .extract()
                .path("mpinId");
    }

    /** An assertion as otp-service signs it after a PIN proof. */
    private String assertion(String mpinId, String purpose) {
        return Registrations.assertion(keys, mpinId, purpose);
    }

    private String bootstrapCode() {
        String link = given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .post("/api/v1/admin/console/bootstrap-links")
                .then()
                .statusCode(201)
                .extract()
                .path("link");
        assertThat(link).contains("/admin/bootstrap#code=");
        return link.substring(link.indexOf("#code=") + 6);
    }

    /** A global administrator and the identity it enrolled. */
    record Admin(Session session, String mpinId) {}

    /** A new global administrator through a bootstrap link. */
    private Session globalAdmin() {
        return enrolledGlobalAdmin().session();
    }

    private Admin enrolledGlobalAdmin() {
        String userId = newUser();
        String mpinId = identityOf(userId);
        return new Admin(redeem(bootstrapCode(), mpinId, userId), mpinId);
    }

    /** Redeems a bootstrap or sign-in link with a PIN proof of {@code mpinId}. */
    private Session redeem(String code, String mpinId, String userId) {
        Response response = given().header("Authorization", "Bearer " + assertion(mpinId, "admin-login"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/admin/bootstrap");
        response.then().statusCode(200).body("next", equalTo("/admin/dashboard"));
        return sessionOf(response.getCookie(ConsoleResource.COOKIE), userId);
    }

    /** A global administrator allows {@code userId} (for a project, or globally when blank); returns its sign-in link's code. */
    private String allow(Session global, String userId, String clientId) {
        String page = post(global, "/admin/admins", withCsrf(global, Map.of("userId", userId, "clientId", clientId)))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher link = SIGN_IN_LINK.matcher(page);
        assertThat(link.find()).as("the page shows the sign-in link").isTrue();
        return link.group(1);
    }

    private Session signIn(String mpinId, String userId) {
        Response response = given().header("Authorization", "Bearer " + assertion(mpinId, "admin-login"))
                .post("/admin/session");
        response.then().statusCode(200);
        return sessionOf(response.getCookie(ConsoleResource.COOKIE), userId);
    }

    private void assertSignInRefused(String mpinId) {
        given().header("Authorization", "Bearer " + assertion(mpinId, "admin-login"))
                .post("/admin/session")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("not_an_administrator"));
    }

    private Session sessionOf(String cookie, String userId) {
        assertThat(cookie).isNotBlank();
        String page =
                get(cookie, "/admin/projects").then().statusCode(200).extract().asString();
        Matcher csrf = CSRF.matcher(page);
        assertThat(csrf.find()).isTrue();
        return new Session(cookie, csrf.group(1), userId);
    }

    private static Response get(String cookie, String path) {
        return given().redirects()
                .follow(false)
                .cookie(ConsoleResource.COOKIE, cookie)
                .get(path);
    }

    private static Response post(Session session, String path, Map<String, String> form) {
        var request = given().redirects()
                .follow(false)
                .cookie(ConsoleResource.COOKIE, session.cookie())
                .contentType(ContentType.URLENC);
        form.forEach(request::formParam);
        return request.post(path);
    }

    private static Map<String, String> withCsrf(Session session, Map<String, String> form) {
        var all = new java.util.HashMap<>(form);
        all.put("csrf", session.csrf());
        return all;
    }

    private long auditRows(String type, String userId) {
        return (Long) postgres.query(
                        "registration",
                        "SELECT count(*) AS n FROM audit_event WHERE type = ? AND user_id = ?",
                        type,
                        userId)
                .get(0)
                .get("n");
    }

    @Test
    void aBootstrapLinkMakesTheFirstGlobalAdministratorOnceAndSetsAStrictCookie() {
        String userId = newUser();
        String mpinId = identityOf(userId);
        String code = bootstrapCode();

        Response first = given().header("Authorization", "Bearer " + assertion(mpinId, "admin-login"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/admin/bootstrap");

        first.then().statusCode(200);
        String setCookie = first.getHeader("Set-Cookie");
        assertThat(setCookie)
                .contains(ConsoleResource.COOKIE + "=", "HttpOnly", "SameSite=Strict", "Path=/admin", "Secure");
        get(first.getCookie(ConsoleResource.COOKIE), "/admin/dashboard")
                .then()
                .statusCode(200)
                .body(containsString("Dashboard"), containsString(userId));
        given().header("Authorization", "Bearer " + assertion(identityOf(newUser()), "admin-login"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/admin/bootstrap")
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("bootstrap_link_invalid"));
        assertThat(auditRows(AdminAuditType.SIGNED_IN.code(), userId)).isEqualTo(1);
    }

    @Test
    void pagesWithoutAValidSessionGoToTheSignInPage() {
        for (String cookie : new String[] {null, "forged", UUID.randomUUID() + ".bm90LWEtbWFj"}) {
            var request = given().redirects().follow(false);
            if (cookie != null) {
                request.cookie(ConsoleResource.COOKIE, cookie);
            }
            request.get("/admin/dashboard").then().statusCode(303).header("Location", endsWith("/admin/sign-in"));
        }
        given().get("/admin/sign-in")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .body(containsString("console-sign-in.js"));
    }

    @Test
    void refusesIdentitiesThatAreNotAdministratorsAndProofsForOtherPurposes() {
        String mpinId = identityOf(newUser());

        assertSignInRefused(mpinId);
        given().header("Authorization", "Bearer " + assertion(mpinId, "manage"))
                .post("/admin/session")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_assertion"));
    }

    /** Issue 16, item 1: an identity won for an administrator's User ID in another project. */
    @Test
    void anIdentityOfAnAdministratorsUserIdInAnotherProjectDoesNotOpenTheConsole() {
        Admin admin = enrolledGlobalAdmin();
        String userId = admin.session().userId();
        String wonElsewhere = identityOf(userId);

        assertSignInRefused(wonElsewhere);
        assertThat(auditRows(AdminAuditType.SIGNED_IN.code(), userId)).isEqualTo(1);
        signIn(admin.mpinId(), userId);
        assertThat(auditRows(AdminAuditType.SIGNED_IN.code(), userId)).isEqualTo(2);
    }

    @Test
    void aSignInLinkEnrolsOnlyAnIdentityOfItsUserIdAndOnlyOnce() {
        Session global = globalAdmin();
        String project = Registrations.createProject(keys, Map.of());
        String userId = newUser();
        String code = allow(global, userId, project);
        String mpinId = identityOf(userId);

        assertSignInRefused(mpinId);
        given().header("Authorization", "Bearer " + assertion(identityOf(newUser()), "admin-login"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/admin/bootstrap")
                .then()
                .statusCode(403)
                .body("code", equalTo("not_an_administrator"));
        Session scoped = redeem(code, mpinId, userId);
        get(scoped.cookie(), "/admin/admins").then().statusCode(403);
        given().header("Authorization", "Bearer " + assertion(identityOf(userId), "admin-login"))
                .contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/admin/bootstrap")
                .then()
                .statusCode(410)
                .body("code", equalTo("bootstrap_link_invalid"));
        signIn(mpinId, userId);
    }

    /** Issue 16, item 6: revoking the administrator's identity ends the session at the next request. */
    @Test
    void revokingTheAdministratorsIdentityEndsItsSessionAtOnce() {
        Session revoker = globalAdmin();
        Admin admin = enrolledGlobalAdmin();
        String clientId = (String)
                postgres.query("registration", "SELECT client_id FROM identity WHERE mpin_id = ?", admin.mpinId())
                        .get(0)
                        .get("client_id");
        get(admin.session().cookie(), "/admin/dashboard").then().statusCode(200);

        post(
                        revoker,
                        "/admin/identities/revocation",
                        withCsrf(
                                revoker,
                                Map.of(
                                        "mpinId",
                                        admin.mpinId(),
                                        "clientId",
                                        clientId,
                                        "userId",
                                        admin.session().userId())))
                .then()
                .statusCode(303);

        get(admin.session().cookie(), "/admin/dashboard")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/admin/sign-in"));
        assertSignInRefused(admin.mpinId());
        get(revoker.cookie(), "/admin/dashboard").then().statusCode(200);
    }

    @Test
    void aSessionEndsByItselfAndBySigningOut() {
        Session admin = globalAdmin();

        clock.advance(Duration.ofMinutes(31));
        get(admin.cookie(), "/admin/dashboard").then().statusCode(303);
        clock.reset();

        get(admin.cookie(), "/admin/dashboard").then().statusCode(200);
        post(admin, "/admin/sign-out", withCsrf(admin, Map.of()))
                .then()
                .statusCode(303)
                .header("Set-Cookie", containsString("Max-Age=0"));
        get(admin.cookie(), "/admin/dashboard").then().statusCode(303);
        assertThat(auditRows(AdminAuditType.SIGNED_OUT.code(), admin.userId())).isEqualTo(1);
    }

    @Test
    void everyFormNeedsTheSessionsCsrfToken() {
        Session admin = globalAdmin();
        Session other = globalAdmin();
        String clientId = "c-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> form = Map.of("clientId", clientId, "name", "CSRF test");

        post(admin, "/admin/projects", form).then().statusCode(403);
        post(admin, "/admin/projects", Map.of("clientId", clientId, "name", "x", "csrf", other.csrf()))
                .then()
                .statusCode(403);
        assertThat(postgres.query("registration", "SELECT 1 FROM project WHERE client_id = ?", clientId))
                .isEmpty();
        for (String path : List.of(
                "/admin/radius-clients",
                "/admin/admins",
                "/admin/identities/revocation",
                "/admin/users/revocation",
                "/admin/sign-out",
                "/admin/projects/" + clientId,
                "/admin/radius-clients/" + UUID.randomUUID() + "/deletion")) {
            post(admin, path, Map.of("csrf", "wrong")).then().statusCode(403);
        }

        post(admin, "/admin/projects", withCsrf(admin, form))
                .then()
                .statusCode(303)
                .header("Location", endsWith("/admin/projects/" + clientId + "?notice=project-created"));
        assertThat(auditRows(AdminAuditType.PROJECT_CREATED.code(), admin.userId()))
                .isEqualTo(1);
    }

    @Test
    void escapesWhatAdministratorsAndUsersTyped() {
        Session admin = globalAdmin();
        String clientId = "x-" + UUID.randomUUID().toString().substring(0, 8);
        String script = "<script>alert('x')</script>";

        post(admin, "/admin/projects", withCsrf(admin, Map.of("clientId", clientId, "name", script)))
                .then()
                .statusCode(303);

        get(admin.cookie(), "/admin/projects/" + clientId)
                .then()
                .statusCode(200)
                .body(not(containsString(script)), containsString("&lt;script&gt;"));
        String image = "\"><img src=x onerror=alert(1)>";
        given().cookie(ConsoleResource.COOKIE, admin.cookie())
                .queryParam("userId", image)
                .queryParam("nasName", image)
                .get("/admin/audit")
                .then()
                .statusCode(200)
                .body(not(containsString("<img src=x")), containsString("&quot;&gt;&lt;img"));
        given().cookie(ConsoleResource.COOKIE, admin.cookie())
                .queryParam("clientId", clientId)
                .queryParam("userId", "<b>bold</b>")
                .get("/admin/identities")
                .then()
                .statusCode(200)
                .body(not(containsString("<b>bold</b>")), containsString("&lt;b&gt;bold"));
        given().cookie(ConsoleResource.COOKIE, admin.cookie())
                .queryParam("notice", script)
                .get("/admin/projects")
                .then()
                .statusCode(200)
                .body(not(containsString(script)));
    }

    @Test
    void rotatesARadiusSecretShowingTheNewOneOnceAndAuditsItWithoutTheSecret() {
        Session admin = globalAdmin();
        String clientId = Registrations.createProject(keys, Map.of());
        String name = "vpn-" + UUID.randomUUID().toString().substring(0, 6);
        String created = post(
                        admin,
                        "/admin/radius-clients",
                        withCsrf(admin, Map.of("name", name, "address", "2001:db8:77::1", "clientId", clientId)))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher id = LOCATION_ID.matcher(created);
        assertThat(id.find()).isTrue();
        Matcher first = SECRET.matcher(created);
        assertThat(first.find()).isTrue();

        String page = post(
                        admin,
                        "/admin/radius-clients/" + id.group(1) + "/rotation",
                        withCsrf(admin, Map.of("overlapHours", "2")))
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body(containsString("the previous one works until"))
                .extract()
                .asString();
        Matcher second = SECRET.matcher(page);
        assertThat(second.find()).isTrue();
        assertThat(second.group(1)).hasSize(32).isNotEqualTo(first.group(1));

        get(admin.cookie(), "/admin/radius-clients/" + id.group(1))
                .then()
                .statusCode(200)
                .body(not(containsString(second.group(1))));
        assertThat(auditDetails(AdminAuditType.RADIUS_SECRET_ROTATED.code(), admin.userId()))
                .singleElement()
                .satisfies(detail -> assertThat(detail)
                        .contains(name)
                        .contains("2 h")
                        .doesNotContain(first.group(1))
                        .doesNotContain(second.group(1)));
        get(admin.cookie(), "/admin").then().statusCode(303).header("Location", endsWith("/admin/dashboard"));
    }

    @Test
    void createsARadiusClientShowingItsSecretOnceAndDeletesIt() throws Exception {
        Session admin = globalAdmin();
        String clientId = Registrations.createProject(keys, Map.of());
        String name = "vpn-" + UUID.randomUUID().toString().substring(0, 6);

        String page = post(
                        admin,
                        "/admin/radius-clients",
                        withCsrf(
                                admin,
                                Map.of(
                                        "name",
                                        name,
                                        "address",
                                        "192.0.2.77",
                                        "clientId",
                                        clientId,
                                        "requireMessageAuthenticator",
                                        "true")))
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .extract()
                .asString();
        Matcher secret = SECRET.matcher(page);
        assertThat(secret.find()).isTrue();
        assertThat(secret.group(1)).hasSize(32);
        Matcher id = LOCATION_ID.matcher(page);
        assertThat(id.find()).isTrue();

        get(admin.cookie(), "/admin/radius-clients/" + id.group(1))
                .then()
                .statusCode(200)
                .body(containsString(name), not(containsString(secret.group(1))));
        get(admin.cookie(), "/admin/radius-clients")
                .then()
                .body(containsString(name), containsString("192.0.2.77/32"), not(containsString(secret.group(1))));
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_CLIENT_EVENTS)) {
            String json = reader.await(record -> id.group(1).equals(record.key()), 1, Duration.ofSeconds(20))
                    .get(0)
                    .value();
            EventCodec codec = new EventCodec();
            assertThat(codec.payload(codec.fromJson(json)).orElseThrow())
                    .isInstanceOfSatisfying(
                            RadiusClientUpserted.class,
                            event -> assertThat(event.name()).isEqualTo(name));
            assertThat(json).doesNotContain(secret.group(1));
        }

        post(admin, "/admin/radius-clients/" + id.group(1) + "/deletion", withCsrf(admin, Map.of()))
                .then()
                .statusCode(303)
                .header("Location", endsWith("/admin/radius-clients?notice=radius-client-deleted"));
        get(admin.cookie(), "/admin/radius-clients/" + id.group(1)).then().statusCode(404);
        assertThat(auditRows(AdminAuditType.RADIUS_CLIENT_CREATED.code(), admin.userId()))
                .isEqualTo(1);
        assertThat(auditRows(AdminAuditType.RADIUS_CLIENT_DELETED.code(), admin.userId()))
                .isEqualTo(1);
    }

    @Test
    void listsTheClientsFromTheGatewaysConfigurationFilesAsTheyAnnounceThem() throws Exception {
        Session admin = globalAdmin();
        String name = "file-" + UUID.randomUUID().toString().substring(0, 6);
        announce(
                "gw-test-" + name,
                Instant.now(),
                new RadiusEvents.StaticClient(name, "198.51.100.0/24", "demo", false));

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> get(admin.cookie(), "/admin/radius-clients")
                        .then()
                        .statusCode(200)
                        .body(
                                containsString(name),
                                containsString("198.51.100.0/24"),
                                containsString("configuration file"),
                                containsString("legacy (not required)")));
        assertThat(get(admin.cookie(), "/admin/radius-clients").asString())
                .doesNotContain("could not be listed right now");
    }

    @Test
    void everyReplicaShowsTheNewestFreshAnnouncementOfEachGateway() throws Exception {
        Session admin = globalAdmin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now();
        // a (newest of gateway A), old (an older announcement of A, arriving later), stale (gateway
        // B, last heard 20 minutes ago), c (gateway C)
        announce("gw-a-" + run, now, "a-" + run);
        announce("gw-b-" + run, now.minus(Duration.ofMinutes(20)), "stale-" + run);
        announce("gw-a-" + run, now.minus(Duration.ofMinutes(1)), "old-" + run);
        announce("gw-c-" + run, now, "c-" + run);

        // kept in the database (any replica of the service reads it), the older news of A ignored
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> postgres.query(
                                        "registration",
                                        "SELECT instance FROM static_radius_announcement WHERE instance LIKE ?",
                                        "%-" + run)
                                .size()
                        == 3);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            String page = get(admin.cookie(), "/admin/radius-clients").asString();
            return page.contains("a-" + run) && page.contains("c-" + run);
        });
        String page = get(admin.cookie(), "/admin/radius-clients").asString();
        assertThat(page).doesNotContain("stale-" + run).doesNotContain("old-" + run);
        assertThat(postgres.query(
                                "registration",
                                "SELECT clients FROM static_radius_announcement WHERE instance = ?",
                                "gw-a-" + run)
                        .get(0)
                        .get("clients")
                        .toString())
                .contains("a-" + run)
                .doesNotContain("old-" + run)
                .doesNotContain("secret");
    }

    private void announce(String instance, Instant at, String clientName) {
        announce(instance, at, new RadiusEvents.StaticClient(clientName, "198.51.100.7/32", "demo", true));
    }

    /** A gateway's announcement of its file clients, as radius-gateway publishes it. */
    private void announce(String instance, Instant at, RadiusEvents.StaticClient client) {
        RadiusEvents.StaticClientsLoaded loaded = new RadiusEvents.StaticClientsLoaded(instance, List.of(client));
        EventRecords.publishAll(broker, Topics.RADIUS_EVENTS, loaded.subject(), List.of(EventRecords.json(loaded, at)));
    }

    /** Issue 16, item 3: a project-B administrator adds project A's NAS as a /32, or a legacy 0.0.0.0/0. */
    @Test
    void aProjectAdministratorCannotTakeOverAnotherProjectsNas() {
        Session global = globalAdmin();
        String projectA = Registrations.createProject(keys, Map.of());
        String projectB = Registrations.createProject(keys, Map.of());
        String run = UUID.randomUUID().toString().substring(0, 6);
        addRadiusClient(
                        global,
                        Map.of(
                                "name",
                                "a-vpn-" + run,
                                "address",
                                "10.77.0.0/24",
                                "clientId",
                                projectA,
                                "requireMessageAuthenticator",
                                "true"))
                .then()
                .statusCode(200);
        announce(
                "gw-a-" + run,
                Instant.now(),
                new RadiusEvents.StaticClient("a-file-" + run, "10.78.0.5/32", projectA, true));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> !postgres.query(
                                "registration",
                                "SELECT 1 FROM static_radius_announcement WHERE instance = ?",
                                "gw-a-" + run)
                        .isEmpty());
        String userId = newUser();
        String mpinId = identityOf(userId);
        Session adminB = redeem(allow(global, userId, projectB), mpinId, userId);

        for (String address : List.of("10.77.0.9/32", "10.78.0.5", "10.0.0.0/8")) {
            addRadiusClient(
                            adminB,
                            Map.of(
                                    "name",
                                    "b-" + UUID.randomUUID().toString().substring(0, 6),
                                    "address",
                                    address,
                                    "clientId",
                                    projectB,
                                    "requireMessageAuthenticator",
                                    "true"))
                    .then()
                    .statusCode(409)
                    .body(containsString("overlaps a RADIUS client of another project"), not(containsString("a-vpn-")));
        }
        addRadiusClient(adminB, Map.of("name", "b-all-" + run, "address", "0.0.0.0/0", "clientId", projectB))
                .then()
                .statusCode(400)
                .body(containsString("legacy client"));
        Map<String, String> allowed = Map.of(
                "name", "b-allowed-" + run,
                "address", "10.77.0.9/32",
                "clientId", projectB,
                "requireMessageAuthenticator", "true",
                "allowOverlap", "true");
        addRadiusClient(adminB, allowed).then().statusCode(403);
        assertThat(postgres.query("registration", "SELECT 1 FROM radius_client WHERE client_id = ?", projectB))
                .isEmpty();

        addRadiusClient(global, allowed).then().statusCode(200);
        assertThat(auditDetails(AdminAuditType.RADIUS_CLIENT_CREATED.code(), global.userId()))
                .anyMatch(detail -> detail.contains("overlap with other projects allowed"));
    }

    /** Issue 16, item 7: a project administrator's dashboard shows their projects' figures and NAS only. */
    @Test
    void aProjectAdministratorsDashboardShowsOnlyTheirProjectsNas() {
        Session global = globalAdmin();
        String mine = Registrations.createProject(keys, Map.of());
        String theirs = Registrations.createProject(keys, Map.of());
        String run = UUID.randomUUID().toString().substring(0, 6);
        addRadiusClient(
                        global,
                        Map.of(
                                "name",
                                "mine-" + run,
                                "address",
                                "10.81.0.1",
                                "clientId",
                                mine,
                                "requireMessageAuthenticator",
                                "true"))
                .then()
                .statusCode(200);
        auditRow("radius.access-accepted", mine, "mine-" + run, "success");
        auditRow("radius.packet-dropped", null, "mine-" + run, "dropped");
        auditRow("radius.access-accepted", theirs, "theirs-" + run, "success");
        auditRow("radius.access-rejected", theirs, "theirs-" + run, "failure");
        auditRow("radius.packet-dropped", null, "theirs-" + run, "dropped");
        String userId = newUser();
        String mpinId = identityOf(userId);
        Session scoped = redeem(allow(global, userId, mine), mpinId, userId);

        get(scoped.cookie(), "/admin/dashboard")
                .then()
                .statusCode(200)
                .body(containsString("mine-" + run), not(containsString("theirs-" + run)));
        get(global.cookie(), "/admin/dashboard")
                .then()
                .statusCode(200)
                .body(containsString("mine-" + run), containsString("theirs-" + run));
    }

    private void auditRow(String type, String clientId, String nasName, String result) {
        postgres.execute(
                "registration",
                "INSERT INTO audit_event (id, occurred_at, type, client_id, nas_name, result, detail)"
                        + " VALUES ('" + UUID.randomUUID() + "', now(), '" + type + "', "
                        + (clientId == null ? "NULL" : "'" + clientId + "'") + ", '" + nasName + "', '" + result
                        + "', 'test')");
    }

    private Response addRadiusClient(Session session, Map<String, String> form) {
        return post(session, "/admin/radius-clients", withCsrf(session, form));
    }

    private List<String> auditDetails(String type, String userId) {
        return postgres
                .query("registration", "SELECT detail FROM audit_event WHERE type = ? AND user_id = ?", type, userId)
                .stream()
                .map(row -> String.valueOf(row.get("detail")))
                .toList();
    }

    @Test
    void showsWhyAFormWasRefusedAndKeepsEverythingAsItWas() {
        Session admin = globalAdmin();

        post(
                        admin,
                        "/admin/radius-clients",
                        withCsrf(admin, Map.of("name", "bad name!", "address", "not-an-ip", "clientId", "nope")))
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("error-box"), containsString("name: "), containsString("address: "));
    }

    @Test
    void projectAdministratorsSeeAndChangeOnlyTheirProjects() {
        Session global = globalAdmin();
        String mine = Registrations.createProject(keys, Map.of());
        String theirs = Registrations.createProject(keys, Map.of());
        String userId = newUser();
        String mpinId = identityOf(userId);
        String code = allow(global, userId, mine);
        assertThat(auditRows(AdminAuditType.ACCESS_GRANTED.code(), global.userId()))
                .isEqualTo(1);

        redeem(code, mpinId, userId);
        Session scoped = signIn(mpinId, userId);

        get(scoped.cookie(), "/admin/projects")
                .then()
                .statusCode(200)
                .body(containsString(mine), not(containsString(theirs)), not(containsString("Create a project")));
        get(scoped.cookie(), "/admin/projects/" + theirs).then().statusCode(404);
        get(scoped.cookie(), "/admin/admins").then().statusCode(403);
        post(scoped, "/admin/projects", withCsrf(scoped, Map.of("clientId", "scoped-new", "name", "n")))
                .then()
                .statusCode(403);
        post(
                        scoped,
                        "/admin/projects/" + mine,
                        withCsrf(
                                scoped,
                                Map.of(
                                        "name",
                                        "Renamed",
                                        "otpLength",
                                        "8",
                                        "otpLifetimeSeconds",
                                        "120",
                                        "emailCode",
                                        "true",
                                        "browserAllowed",
                                        "true",
                                        "enabled",
                                        "true",
                                        "replyReject",
                                        "Falsches Einmalpasswort",
                                        "replyLocked",
                                        "Gesperrt, noch {seconds} s")))
                .then()
                .statusCode(303);
        get(scoped.cookie(), "/admin/projects/" + mine)
                .then()
                .body(containsString("value=\"Renamed\""), containsString("Falsches Einmalpasswort"));
        assertThat(auditRows(AdminAuditType.PROJECT_UPDATED.code(), userId)).isEqualTo(1);
    }

    @Test
    void theLastGlobalAdministratorCannotBeRemoved() {
        Session admin = globalAdmin();
        postgres.execute(
                "registration",
                "DELETE FROM admin_grant WHERE client_id IS NULL AND user_id <> '" + admin.userId() + "'");
        String grant = (String) postgres.query(
                        "registration",
                        "SELECT id::text AS id FROM admin_grant WHERE client_id IS NULL AND user_id = ?",
                        admin.userId())
                .get(0)
                .get("id");

        post(admin, "/admin/admins/removal", withCsrf(admin, Map.of("grantId", grant)))
                .then()
                .statusCode(409)
                .body(containsString("The last global administrator cannot be removed."));

        String second = newUser();
        allow(admin, second, "");
        post(admin, "/admin/admins/removal", withCsrf(admin, Map.of("grantId", grant)))
                .then()
                .statusCode(303);
        get(admin.cookie(), "/admin/dashboard").then().statusCode(303);
    }

    @Test
    void exportsTheAuditTrailAsCsv() {
        Session admin = globalAdmin();

        Response csv = get(admin.cookie(), "/admin/audit.csv?userId=" + admin.userId());

        csv.then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("attachment"));
        assertThat(csv.asString()).startsWith(AuditCsv.HEADER).contains(AdminAuditType.SIGNED_IN.code());
        assertThat(auditRows(AdminAuditType.AUDIT_EXPORTED.code(), admin.userId()))
                .isEqualTo(1);
    }

    /** The settings form of a project with a directory on {@code directory}, bound with {@code passwordFile}. */
    private static Map<String, String> directoryForm(CompanyDirectory directory, String passwordFile) {
        Map<String, String> form = new java.util.HashMap<>(Map.of(
                "name", "Directory project",
                "otpLength", "6",
                "otpLifetimeSeconds", "90",
                "emailCode", "true",
                "browserAllowed", "true",
                "enabled", "true",
                "replyReject", "Refused",
                "replyLocked", "Wait {seconds} s"));
        form.putAll(Map.of(
                "directoryEnabled",
                "true",
                "directoryUrl",
                directory.url(),
                "directoryBindDn",
                CompanyDirectory.BIND_DN,
                "directoryBindPasswordFile",
                passwordFile,
                "directoryBaseDn",
                CompanyDirectory.PEOPLE,
                "directoryUserIdAttribute",
                "mail",
                "directoryGroups",
                CompanyDirectory.VPN_GROUP + "\r\n",
                "directoryGroupCheck",
                "GROUP_MEMBER",
                "directoryDisabledCheck",
                "AD_USER_ACCOUNT_CONTROL",
                "directoryTimeoutMillis",
                "2000"));
        form.putAll(Map.of(
                "directoryCacheSeconds",
                "30",
                "directoryUnreachablePolicy",
                "USE_CACHE",
                "directoryStaleMinutes",
                "5"));
        return form;
    }

    @Test
    void configuresAndTestsTheDirectoryWithAClearErrorForAWrongBindPassword() throws Exception {
        Session admin = globalAdmin();
        String clientId = Registrations.createProject(keys, Map.of());
        java.nio.file.Path wrong = java.nio.file.Files.createTempFile("console-directory", ".txt");
        try (CompanyDirectory directory = CompanyDirectory.start()) {
            java.nio.file.Files.writeString(wrong, "wrong-password-4242");
            String path = "/admin/projects/" + clientId;

            post(admin, path, withCsrf(admin, directoryForm(directory, wrong.toString())))
                    .then()
                    .statusCode(303);
            get(admin.cookie(), path)
                    .then()
                    .statusCode(200)
                    .body(containsString("value=\"" + directory.url() + "\""), containsString("Test the directory"));
            post(admin, path + "/directory-test", withCsrf(admin, Map.of("userId", "")))
                    .then()
                    .statusCode(200)
                    .body(containsString("directory_bind_failed"), not(containsString("wrong-password-4242")));

            post(
                            admin,
                            path,
                            withCsrf(
                                    admin,
                                    directoryForm(
                                            directory, directory.passwordFile().toString())))
                    .then()
                    .statusCode(303);
            post(admin, path + "/directory-test", withCsrf(admin, Map.of("userId", "alice@example.com")))
                    .then()
                    .statusCode(200)
                    .body(containsString("ALLOWED"), containsString(CompanyDirectory.VPN_GROUP));
            post(admin, path + "/directory-test", withCsrf(admin, Map.of("userId", "bob@example.com")))
                    .then()
                    .statusCode(200)
                    .body(containsString("NOT_IN_GROUP"));

            Map<String, String> broken =
                    directoryForm(directory, directory.passwordFile().toString());
            broken.put("directoryUrl", "http://nowhere");
            post(admin, path, withCsrf(admin, broken)).then().statusCode(400).body(containsString("directory.url"));
        } finally {
            java.nio.file.Files.deleteIfExists(wrong);
        }
    }
}
