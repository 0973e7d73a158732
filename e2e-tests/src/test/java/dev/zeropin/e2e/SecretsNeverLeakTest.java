package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.local.ServiceProcess;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.mpin.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Full flows with secrets this test knows (registration code and link, activation token, client
 * secret, token, PIN, OTPs, admin tokens and assertions, the console's bootstrap code and session,
 * both NAS secrets, every key file), then a search for each of them in every service's log, every
 * record of every Kafka topic and every row of every table: none may appear in clear.
 */
class SecretsNeverLeakTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PIN = 7391;

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("secrets");

    /** A secret, where it must not be, and how to find it. */
    private record Secret(String what, Pattern pattern) {

        /** Found anywhere as this exact text. */
        static Secret text(String what, String value) {
            assertThat(value).as(what).hasSizeGreaterThanOrEqualTo(8);
            return new Secret(what, Pattern.compile(Pattern.quote(value)));
        }

        /** Found as a number of its own (not inside a longer number or a time of day). */
        static Secret number(String what, String digits) {
            return new Secret(what, Pattern.compile("(?<![0-9.:,])" + Pattern.quote(digits) + "(?![0-9])"));
        }

        boolean in(String haystack) {
            return pattern.matcher(haystack).find();
        }
    }

    @Test
    void noSecretAppearsInAnyLogEventOrTable() throws Exception {
        List<Secret> secrets = new ArrayList<>();
        // Nine-digit OTPs cannot be mistaken for other numbers in the logs.
        String project = NasClients.createProject(product.stack(), Map.of("otpLength", 9));
        Nas nas = NasClients.createInConsole(product.stack(), "127.0.0.7", project, true);
        secrets.add(Secret.text("the console NAS secret", nas.secret()));
        secrets.add(Secret.text(
                "the local NAS secret", NasClients.local(product.stack()).secret()));

        String userId = Users.newUserId();
        ZeroPinClient client = Users.client(product.stack());
        ZeroPinClient.Registration byLink = client.startRegistration(project, userId);
        String firstMail = Users.newestMail(product.stack(), userId, 1);
        String code = Users.codeIn(firstMail);
        String linkToken = Users.linkTokenIn(firstMail);
        String linkActivation = client.verifyLink(byLink.registrationId(), linkToken);
        ZeroPinClient.IssuedIdentity issued = client.createIdentity(linkActivation, "secrets test");
        byte[] clientSecret = issued.clientSecret().clone();
        StoredIdentity identity = ZeroPinClient.enrol(issued, PIN);
        ZeroPinClient.Registration byCode = client.startRegistration(project, userId);
        String secondCode = Users.codeIn(Users.newestMail(product.stack(), userId, 2));
        String codeActivation = client.verifyCode(byCode.registrationId(), secondCode);
        secrets.add(Secret.number("the e-mailed code", code));
        secrets.add(Secret.number("the second e-mailed code", secondCode));
        secrets.add(Secret.text("the link token", linkToken));
        secrets.add(Secret.text("an activation token", linkActivation));
        secrets.add(Secret.text("an unused activation token", codeActivation));
        secrets.add(Secret.text("the client secret", Wire.encode(clientSecret)));
        secrets.add(Secret.text("the client secret in hex", HexFormat.of().formatHex(clientSecret, 1, 49)));
        secrets.add(Secret.text("the token", identity.token()));
        secrets.add(Secret.text("the token in hex", HexFormat.of().formatHex(Wire.decode(identity.token()), 1, 49)));

        String usedOverRadius = client.obtainOtp(identity, PIN).code();
        assertThat(usedOverRadius).hasSize(9);
        secrets.add(Secret.number("the OTP used over RADIUS", usedOverRadius));
        try (RadiusTestClient radius =
                new RadiusTestClient(nas.sourceAddress(), NasClients.authAddress(product.stack()), nas.secret())) {
            Answer answer = radius.exchange(
                            radius.papRequest(userId, usedOverRadius, true, List.of()), Duration.ofSeconds(5))
                    .orElseThrow(() -> new AssertionError("no answer to the PAP request"));
            assertThat(answer.code()).as("Access-Accept").isEqualTo(2);
        }
        // One live OTP per user: this one stays in the database until it expires.
        secrets.add(
                Secret.number("the unused OTP", client.obtainOtp(identity, PIN).code()));

        String assertion = ConsoleSessions.adminAssertion(product.stack(), identity, PIN);
        secrets.add(Secret.text("the admin-login assertion", assertion));
        String bootstrapCode = ConsoleSessions.bootstrapCode(product.stack());
        secrets.add(Secret.text("the bootstrap code", bootstrapCode));
        String session = ConsoleSessions.bootstrap(product.stack(), assertion, bootstrapCode);
        secrets.add(Secret.text("the console session", session));
        given().baseUri(product.stack().registration().baseUrl().toString())
                .cookie(ConsoleSessions.COOKIE, session)
                .get("/admin/dashboard")
                .then()
                .statusCode(200);
        String adminToken = product.stack().keys().adminToken("secrets@example.com", Duration.ofMinutes(5));
        given().baseUri(product.stack().registration().baseUrl().toString())
                .auth()
                .oauth2(adminToken)
                .get("/api/v1/admin/projects")
                .then()
                .statusCode(200);
        secrets.add(Secret.text("an admin token", adminToken));
        secrets.addAll(keySecrets());

        Map<String, String> places = new LinkedHashMap<>();
        places.put("kafka", allEvents(userId));
        places.put("registration database", Databases.dump(product.stack(), "registration"));
        places.put("otp database", Databases.dump(product.stack(), "otp"));
        for (ServiceProcess service : List.of(
                product.stack().registration(),
                product.stack().otp(),
                product.stack().gateway())) {
            places.put(service.name() + " log", Files.readString(service.logFile(), StandardCharsets.UTF_8));
        }

        assertThat(places.get("kafka")).contains("\"radius.access-accepted\"", identity.mpinId(), nas.name());
        assertThat(places.get("registration database")).contains(identity.mpinId(), nas.name());
        assertThat(places.get("otp database")).contains(identity.mpinId());
        // The search finds what it looks for: the e-mail does carry the code and the link.
        assertThat(secrets.get(2).in(firstMail))
                .as("the code found in its e-mail")
                .isTrue();
        assertThat(Secret.text("link", linkToken).in(firstMail)).isTrue();
        List<String> leaks = new ArrayList<>();
        for (Secret secret : secrets) {
            places.forEach((place, text) -> {
                if (secret.in(text)) {
                    leaks.add(secret.what() + " in the " + place);
                }
            });
        }
        // The PIN never leaves the device; four digits are searched where they could only be it.
        for (String place : List.of("kafka", "registration database", "otp database")) {
            if (places.get(place).contains("\"" + PIN + "\"")
                    || places.get(place).contains(":" + PIN + ",")) {
                leaks.add("the PIN in the " + place);
            }
        }
        System.out.printf(
                "secrets scan: %d secrets in %d places (%s characters in all), %d found%n",
                secrets.size(),
                places.size(),
                places.values().stream().mapToInt(String::length).sum(),
                leaks.size());
        assertThat(leaks).as("secrets found in clear").isEmpty();
    }

    /** The content of every secret key file, and the private part of every signing key. */
    private static List<Secret> keySecrets() throws IOException {
        List<Secret> secrets = new ArrayList<>();
        for (String name : List.of(
                KeyRing.MASTER_SECRET, KeyRing.SERVER_SECRET, KeyRing.OTP_ENCRYPTION_KEY, KeyRing.NAS_SECRET_KEY)) {
            secrets.add(Secret.text(
                    "the key " + name,
                    Files.readString(product.stack().keys().file(name), StandardCharsets.UTF_8)
                            .strip()));
        }
        for (String name : List.of(
                KeyRing.ADMIN_SIGNING,
                KeyRing.ACTIVATION_SIGNING,
                KeyRing.GATEWAY_SIGNING,
                KeyRing.ASSERTION_SIGNING)) {
            Path file = product.stack().keys().file(name);
            String d = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))
                    .path("d")
                    .asText();
            secrets.add(Secret.text("the private part of " + name, d));
        }
        return secrets;
    }

    /** Every record of every topic, once the RADIUS accept has arrived. */
    private static String allEvents(String userId) throws Exception {
        String servers = product.stack().kafka().bootstrapServers();
        try (TopicReader radius = TopicReader.of(servers, Topics.RADIUS_EVENTS)) {
            radius.await(
                    record -> record.value().contains("\"radius.access-accepted\"")
                            && record.value().contains(userId),
                    1,
                    Duration.ofSeconds(30));
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        Set<String> topics;
        try (Admin admin = Admin.create(config)) {
            topics = admin.listTopics().names().get();
        }
        assertThat(topics).contains(Topics.AUTH_EVENTS, Topics.IDENTITY_EVENTS, Topics.RADIUS_CLIENT_EVENTS);
        StringBuilder all = new StringBuilder();
        for (String topic : topics) {
            try (TopicReader reader = TopicReader.of(servers, topic)) {
                all.append(reader.collect(record -> true, Duration.ofSeconds(2)).stream()
                        .map(record -> record.key() + " " + record.value())
                        .collect(Collectors.joining("\n")));
            }
        }
        return all.toString();
    }
}
