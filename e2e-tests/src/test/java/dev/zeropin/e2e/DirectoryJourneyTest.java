package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinException;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.NasClients.StaticClient;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.infra.local.LocalStackOptions;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The company directory with software nobody here wrote: a real OpenLDAP {@code slapd} (Debian
 * package slapd), started by this test on a loopback port with a throwaway configuration and
 * database, admits the members of a VPN group and refuses everyone else; a person disabled in the
 * directory after enrolment is refused over RADIUS once the project's directory cache has expired.
 * slapd runs in the foreground and is stopped by its PID.
 */
class DirectoryJourneyTest {

    private static final int PIN = 2468;
    private static final String BASE = "dc=example,dc=com";
    private static final String GROUP = "cn=vpn-users,ou=groups," + BASE;
    private static final String ADMIN = "cn=admin," + BASE;
    /** The project's directory cache: short, so that a change in the directory shows within the test. */
    private static final int CACHE_SECONDS = 2;

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("directory");

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String MEMBER = "member-" + SUFFIX + "@example.com";
    private static final String LEAVER = "leaver-" + SUFFIX + "@example.com";
    private static final String OUTSIDER = "outsider-" + SUFFIX + "@example.com";

    private static Path work;
    private static String bindPassword;
    private static int port;
    private static NetnsLab.Daemon slapd;
    private static String project;
    private static Nas nas;

    @BeforeAll
    static void startDirectoryAndProject() throws IOException {
        assertThat(Files.isExecutable(Path.of("/usr/sbin/slapd")))
                .as("slapd is missing: ./zeropin test installs it (apt-get install slapd)")
                .isTrue();
        work = Files.createTempDirectory(product.stack().radiusClientsFile().getParent(), "slapd-");
        bindPassword = NasClients.randomSecret(24);
        port = LocalStackOptions.freePort();
        Path passwordFile = work.resolve("bind-password");
        NetnsLab.writePrivate(passwordFile, bindPassword + "\n");
        Path config = writeConfiguration();
        Path data = work.resolve("company.ldif");
        Files.writeString(data, company());
        NetnsLab.Result loaded =
                NetnsLab.run(List.of("/usr/sbin/slapadd", "-f", config.toString(), "-l", data.toString()), 60);
        assertThat(loaded.exitCode()).as(loaded.output()).isZero();
        slapd = NetnsLab.start(
                List.of("/usr/sbin/slapd", "-d", "0", "-f", config.toString(), "-h", "ldap://127.0.0.1:" + port + "/"),
                work.resolve("slapd.log"));
        awaitDirectory();
        project = NasClients.createProject(
                product.stack(),
                Map.of(
                        "directory",
                        Map.ofEntries(
                                Map.entry("url", "ldap://127.0.0.1:" + port),
                                Map.entry("bindDn", ADMIN),
                                Map.entry("bindPasswordFile", passwordFile.toString()),
                                Map.entry("baseDn", BASE),
                                Map.entry("userIdAttribute", "mail"),
                                Map.entry("requiredGroups", List.of(GROUP)),
                                Map.entry("groupCheck", "GROUP_MEMBER"),
                                Map.entry("disabledCheck", "ATTRIBUTE"),
                                Map.entry("disabledAttribute", "employeeType"),
                                Map.entry("disabledValue", "disabled"),
                                Map.entry("cacheSeconds", CACHE_SECONDS))));
        nas = NasClients.writeStaticClients(
                        product.stack(), List.of(new StaticClient("directory-nas", "127.0.0.5/32", project, true)))
                .get(0);
    }

    @AfterAll
    static void stopDirectory() {
        if (slapd != null) {
            slapd.stop();
        }
    }

    @Test
    void aMemberOfTheVpnGroupEnrolsAndLogsInOverRadius() {
        StoredIdentity identity = Users.register(product.stack(), project, MEMBER, PIN);
        String otp = Users.client(product.stack()).obtainOtp(identity, PIN).code();

        assertThat(login(MEMBER, otp).code()).isEqualTo(RadiusMessage.ACCESS_ACCEPT);
    }

    @Test
    void someoneOutsideTheGroupCannotEnrolAndNeitherCanAnInjectedFilter() {
        for (String userId : List.of(OUTSIDER, "*)(mail=*", "nobody-" + SUFFIX + "@example.com")) {
            assertThatThrownBy(() -> Users.client(product.stack()).startRegistration(project, userId))
                    .as(userId)
                    .isInstanceOfSatisfying(
                            ZeroPinException.class, e -> assertThat(e.status()).isBetween(400, 403));
        }
        assertThatThrownBy(() -> Users.client(product.stack()).startRegistration(project, OUTSIDER))
                .isInstanceOfSatisfying(
                        ZeroPinException.class, e -> assertThat(e.code()).isEqualTo("user_id_not_allowed"));
        assertThat(product.stack().mail().messagesTo(OUTSIDER))
                .as("no e-mail to someone refused")
                .isEmpty();
    }

    @Test
    void aPersonDisabledInTheDirectoryAfterEnrolmentIsRefusedOverRadiusWithinTheCacheTime() throws Exception {
        StoredIdentity identity = Users.register(product.stack(), project, LEAVER, PIN);
        String otp = Users.client(product.stack()).obtainOtp(identity, PIN).code();

        modify(LEAVER, new Modification(ModificationType.REPLACE, "employeeType", "disabled"));
        Thread.sleep(Duration.ofSeconds(CACHE_SECONDS + 1).toMillis());

        Answer answer = login(LEAVER, otp);
        assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
        assertThatThrownBy(() -> Users.client(product.stack()).obtainOtp(identity, PIN))
                .isInstanceOfSatisfying(
                        ZeroPinException.class, e -> assertThat(e.code()).isEqualTo("directory_refused"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(auditOf(LEAVER)).contains("directory.refused"));
    }

    /** One PAP login from the project's NAS; the answer must come. */
    private static Answer login(String userId, String otp) {
        try (RadiusTestClient client =
                new RadiusTestClient(nas.sourceAddress(), NasClients.authAddress(product.stack()), nas.secret())) {
            Optional<Answer> answer =
                    client.exchange(client.papRequest(userId, otp, true, List.of()), Duration.ofSeconds(5));
            assertThat(answer).as("an answer from the gateway").isPresent();
            return answer.get();
        }
    }

    /** The audit trail of a User ID as the admin API shows it. */
    private static String auditOf(String userId) {
        return given().baseUri(product.stack().registration().baseUrl().toString())
                .auth()
                .oauth2(product.stack().keys().adminToken("e2e@example.com", Duration.ofMinutes(5)))
                .accept(ContentType.JSON)
                .queryParam("userId", userId)
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static void modify(String mail, Modification modification) throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", port, ADMIN, bindPassword)) {
            connection.modify("mail=" + mail + ",ou=people," + BASE, modification);
        }
    }

    /** Waits until slapd answers a bind (at most 30 s). */
    private static void awaitDirectory() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (LDAPConnection ignored = new LDAPConnection("127.0.0.1", port, ADMIN, bindPassword)) {
                return;
            } catch (LDAPException e) {
                assertThat(slapd.isAlive()).as(slapd.output()).isTrue();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(interrupted);
                }
            }
        }
        throw new AssertionError("slapd did not answer within 30 s: " + slapd.output());
    }

    /** A throwaway slapd.conf: the Debian schemas, one mdb database under the test's folder. */
    private static Path writeConfiguration() throws IOException {
        Path database = Files.createDirectories(work.resolve("db"));
        String config = """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/nis.schema
                include /etc/ldap/schema/inetorgperson.schema
                pidfile %1$s/slapd.pid
                argsfile %1$s/slapd.args
                modulepath /usr/lib/ldap
                moduleload back_mdb
                database mdb
                maxsize 16777216
                suffix "%2$s"
                rootdn "%3$s"
                rootpw %4$s
                directory %5$s
                """.formatted(work, BASE, ADMIN, bindPassword, database);
        Path file = work.resolve("slapd.conf");
        NetnsLab.writePrivate(file, config);
        return file;
    }

    /** The company: two people in the VPN group, one outside it. */
    private static String company() {
        return """
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                dc: example
                o: Example

                dn: ou=people,%1$s
                objectClass: organizationalUnit
                ou: people

                dn: ou=groups,%1$s
                objectClass: organizationalUnit
                ou: groups

                %2$s
                %3$s
                %4$s
                dn: %5$s
                objectClass: groupOfNames
                cn: vpn-users
                member: mail=%6$s,ou=people,%1$s
                member: mail=%7$s,ou=people,%1$s
                """.formatted(BASE, person(MEMBER), person(LEAVER), person(OUTSIDER), GROUP, MEMBER, LEAVER);
    }

    private static String person(String mail) {
        String name = mail.substring(0, mail.indexOf('@'));
        return """
                dn: mail=%1$s,ou=people,%2$s
                objectClass: inetOrgPerson
                mail: %1$s
                cn: %3$s
                sn: %3$s
                employeeType: staff

                """.formatted(mail, BASE, name);
    }
}
