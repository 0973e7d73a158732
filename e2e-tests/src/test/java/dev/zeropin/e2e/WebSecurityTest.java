package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.infra.local.LocalStack;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web pages as an attacker sees them: every page reachable from the user pages and the console
 * is crawled with a signed-in administrator; each must carry the Content-Security-Policy and
 * anti-framing headers, show stored hostile text only escaped, reflect no hostile query parameter,
 * redirect nowhere but to itself, and refuse every state-changing form without the session's CSRF
 * token.
 */
class WebSecurityTest {

    /** Hostile text that would run if a page echoed it unescaped. */
    private static final String HOSTILE = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>";

    private static final List<String> RAW_MARKERS = List.of("<script>alert(1)", "<img src=x onerror");
    private static final List<String> PROBED_PARAMETERS = List.of(
            "notice",
            "error",
            "clientId",
            "client_id",
            "userId",
            "nasName",
            "result",
            "from",
            "to",
            "q",
            "next",
            "redirect",
            "returnTo",
            "return_to",
            "url",
            "code");
    private static final List<String> FOREIGN_TARGETS =
            List.of("https://evil.example/x", "//evil.example/x", "/\\evil.example/x", "https:evil.example");
    private static final int MAX_PAGES = 80;
    private static final int PIN = 5824;

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("websec");

    private static String cookie;
    private static String hostileProject;

    @BeforeAll
    static void startProduct() throws Exception {
        String adminUser = Users.newUserId();
        StoredIdentity admin = Users.register(product.stack(), adminUser, PIN);
        cookie = ConsoleSessions.bootstrap(
                product.stack(),
                ConsoleSessions.adminAssertion(product.stack(), admin, PIN),
                ConsoleSessions.bootstrapCode(product.stack()));
        // Stored hostile text wherever an administrator or a user can type free text.
        hostileProject = NasClients.createProject(
                product.stack(),
                Map.of(
                        "name",
                        HOSTILE,
                        "replyMessages",
                        Map.of("accept", HOSTILE, "reject", HOSTILE, "locked", HOSTILE + " {seconds}")));
        ZeroPinClient client = Users.client(product.stack());
        String userId = Users.newUserId();
        ZeroPinClient.Registration registration = client.startRegistration(hostileProject, userId);
        String activation = client.verifyCode(
                registration.registrationId(), Users.codeIn(Users.newestMail(product.stack(), userId, 1)));
        client.createIdentity(activation, HOSTILE);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** An answer as the browser would get it. */
    private record Answer(int status, HttpHeaders headers, String body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    /** GET {@code path} (sent as written: already encoded) with the administrator's session. */
    private static Answer get(String path) {
        return send(HttpRequest.newBuilder(target(path)).GET());
    }

    /** POST a form to {@code path} with the administrator's session. */
    private static Answer postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(target(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static URI target(String path) {
        return URI.create(product.stack().registration().baseUrl().toString().replaceAll("/$", "") + path);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(
                    request.header("Cookie", ConsoleSessions.COOKIE + "=" + cookie)
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A page seen by the crawl. */
    private record Page(String path, Document document) {}

    @Test
    void everyPageIsProtectedEscapesStoredTextReflectsNothingAndRedirectsOnlyToItself() {
        List<String> failures = new ArrayList<>();
        Map<String, Page> pages = crawl(
                List.of(
                        "/otpgen?client_id=" + LocalStack.DEMO_PROJECT,
                        "/otpgen?client_id=" + hostileProject,
                        "/otpgen/register?client_id=" + hostileProject,
                        "/otpgen/mobile?client_id=" + hostileProject,
                        "/m/",
                        "/m/register",
                        "/admin/sign-in",
                        "/admin/bootstrap",
                        "/admin/dashboard",
                        "/admin/projects/" + hostileProject,
                        "/admin/identities?clientId=" + hostileProject,
                        "/admin/audit",
                        "/admin/admins"),
                failures);
        assertThat(pages.keySet())
                .as("pages reached")
                .anyMatch(path -> path.startsWith("/admin/radius-clients"))
                .anyMatch(path -> path.startsWith("/admin/projects"))
                .anyMatch(path -> path.startsWith("/otpgen"));
        assertThat(pages.get("/admin/projects/" + hostileProject).document().text())
                .as("the stored hostile text is shown, as text")
                .contains(HOSTILE);

        int probes = 0;
        for (Page page : pages.values()) {
            for (String parameter : PROBED_PARAMETERS) {
                probes++;
                Answer reflected = get(withParameter(page.path(), parameter, HOSTILE));
                check(page.path() + " with " + parameter + "=<hostile>", reflected, failures);
                for (String target : FOREIGN_TARGETS) {
                    probes++;
                    Answer redirected = get(withParameter(page.path(), parameter, target));
                    check(page.path() + " with " + parameter + "=" + target, redirected, failures);
                }
            }
        }
        for (String path :
                List.of("//evil.example/", "/admin//evil.example", "/otpgen/%2F%2Fevil.example", "/m//evil.example")) {
            probes++;
            check(path, get(path), failures);
        }
        System.out.printf(
                "web crawl: %d pages, %d reflection and redirect probes, %d failures%n",
                pages.size(), probes, failures.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void everyStateChangingFormRefusesARequestWithoutTheSessionsCsrfToken() {
        List<String> failures = new ArrayList<>();
        Map<String, Page> pages = crawl(
                List.of(
                        "/admin/dashboard",
                        "/admin/projects/" + hostileProject,
                        "/admin/identities?clientId=" + hostileProject),
                failures);
        assertThat(failures).isEmpty();
        Set<String> checked = new LinkedHashSet<>();
        for (Page page : pages.values()) {
            for (Element form : page.document().select("form")) {
                if (!"post".equalsIgnoreCase(form.attr("method"))) {
                    continue;
                }
                String action = form.attr("action").isEmpty() ? page.path() : form.attr("action");
                if (!checked.add(action)) {
                    continue;
                }
                Element token = form.selectFirst("input[name=csrf]");
                if (token == null || token.val().length() < 16) {
                    failures.add(action + " (on " + page.path() + ") has no CSRF token");
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (Element input : form.select("input[name], select[name], textarea[name]")) {
                    if (!input.attr("name").equals("csrf")) {
                        fields.put(input.attr("name"), input.is("select") ? firstOption(input) : input.val());
                    }
                }
                for (String csrf : new String[] {null, "forged-" + "0".repeat(32)}) {
                    Map<String, String> sent = new LinkedHashMap<>(fields);
                    if (csrf != null) {
                        sent.put("csrf", csrf);
                    }
                    Answer response = postForm(action, sent);
                    if (response.status() != 403) {
                        failures.add(action + (csrf == null ? " without" : " with a forged") + " CSRF token answered "
                                + response.status());
                    }
                }
            }
        }
        System.out.printf(
                "CSRF: %d state-changing forms, each refused without and with a forged token%n", checked.size());
        assertThat(checked)
                .as("forms found")
                .contains("/admin/projects", "/admin/radius-clients", "/admin/admins", "/admin/sign-out");
        assertThat(failures).isEmpty();
        assertThat(get("/admin/dashboard").status())
                .as("the session still works")
                .isEqualTo(200);
    }

    @Test
    void signingInGoesToTheDashboardWhateverTheRequestSays() throws Exception {
        StoredIdentity other = Users.register(product.stack(), Users.newUserId(), PIN);
        Response response = given().baseUri(
                        product.stack().registration().baseUrl().toString())
                .header("Authorization", "Bearer " + ConsoleSessions.adminAssertion(product.stack(), other, PIN))
                .queryParam("next", "https://evil.example/")
                .contentType(ContentType.JSON)
                .body(Map.of("next", "https://evil.example/"))
                .post("/admin/session");
        // Not an administrator: refused; an administrator would be sent to the fixed dashboard.
        assertThat(response.statusCode()).isIn(200, 403);
        assertThat(response.asString()).doesNotContain("evil.example");
        assertThat(response.header("Location")).isNull();
    }

    private static String firstOption(Element select) {
        Element option = select.selectFirst("option");
        return option == null ? "" : option.val();
    }

    /** Same-origin GET pages reachable by links from the seeds, at most {@link #MAX_PAGES}. */
    private static Map<String, Page> crawl(List<String> seeds, List<String> failures) {
        Map<String, Page> pages = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(seeds);
        Set<String> seen = new LinkedHashSet<>(seeds);
        while (!queue.isEmpty() && pages.size() < MAX_PAGES) {
            String path = queue.poll();
            Answer response = get(path);
            check(path, response, failures);
            if (response.status() != 200 || !response.contentType().startsWith("text/html")) {
                continue;
            }
            Document document = Jsoup.parse(
                    response.body(), product.stack().registration().baseUrl().toString());
            pages.put(path, new Page(path, document));
            for (Element link : document.select("a[href]")) {
                String href = link.attr("href");
                if (href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/admin/sign-out")) {
                    String target = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
                    target = target.endsWith("?") ? target.substring(0, target.length() - 1) : target;
                    if (!target.isEmpty() && seen.add(target)) {
                        queue.add(target);
                    }
                }
            }
        }
        return pages;
    }

    /** What every answer must be: no 5xx, no unescaped hostile text, no foreign redirect, protected HTML. */
    private static void check(String what, Answer response, List<String> failures) {
        int status = response.status();
        if (status >= 500) {
            failures.add(what + ": status " + status);
        }
        String location = response.header("Location");
        if (location != null) {
            URI target = URI.create(product.stack().registration().baseUrl().toString())
                    .resolve(location.replace('\\', '/'));
            if (!target.getAuthority()
                    .equals(product.stack().registration().baseUrl().getAuthority())) {
                failures.add(what + ": redirects to " + location);
            }
        }
        String body = response.body();
        for (String marker : RAW_MARKERS) {
            if (body.contains(marker)) {
                failures.add(what + ": echoes " + marker + " unescaped");
            }
        }
        if (response.contentType().startsWith("text/html")) {
            String csp = response.header("Content-Security-Policy");
            if (csp == null
                    || !csp.contains("frame-ancestors 'none'")
                    || !csp.contains("default-src 'none'")
                    || csp.contains("unsafe-inline")
                    || csp.contains("unsafe-eval")) {
                failures.add(what + ": Content-Security-Policy " + csp);
            }
            if (!"DENY".equals(response.header("X-Frame-Options"))) {
                failures.add(what + ": X-Frame-Options " + response.header("X-Frame-Options"));
            }
        }
        if (!"nosniff".equals(response.header("X-Content-Type-Options"))) {
            failures.add(what + ": X-Content-Type-Options " + response.header("X-Content-Type-Options"));
        }
    }

    private static String withParameter(String path, String name, String value) {
        return path + (path.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
