package dev.zeropin.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static java.nio.file.Files.writeString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.zeropin.client.StoredIdentity;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.NasClients.StaticClient;
import dev.zeropin.infra.local.ConsoleBootstrap;
import dev.zeropin.infra.local.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin console in Debian's Chromium against the packaged services: the first administrator
 * comes in through a bootstrap link and a PIN, manages projects, RADIUS clients, identities and
 * administrators, and every action lands in the audit trail. Screenshots of every page go to
 * target/screenshots (and to {@code -Dzeropin.screenshots=<dir>}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleJourneyTest {

    private static final String ADMIN_PIN = "1379";

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("console");

    private static Browsers browsers;
    private static String adminUserId;
    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void startProduct() {
        browsers = new Browsers();
    }

    @AfterAll
    static void stopProduct() {
        if (browsers != null) {
            browsers.close();
        }
    }

    @BeforeEach
    void newBrowserProfile() {
        browsers.console.clear();
        browsers.dialogs.clear();
        context = browsers.desktop("en-US");
        page = browsers.open(context);
    }

    @AfterEach
    void noScriptRanThatShouldNotHave() {
        context.close();
        assertThat(browsers.console)
                .as("console")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to"))
                .noneMatch(line -> line.startsWith("pageerror"));
    }

    private void signIn(String pin) {
        page.getByLabel("PIN").fill(pin);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
    }

    private void bootstrapTheFirstAdministrator(boolean screenshots) {
        ConsoleBootstrap.Link link = product.stack().consoleBootstrapLink();
        assertThat(link.globalAdministrators()).isZero();
        adminUserId = Users.newUserId();
        BrowserUsers.register(
                page, product.stack(), product.stack().otpLink().toString(), adminUserId, ADMIN_PIN, false);

        page.navigate(link.link());
        assertThat(page.locator("h1")).hasText("Become the first administrator");
        assertThat(page.getByLabel("Identity")).containsText(adminUserId);
        if (screenshots) {
            Screenshots.take(page, "console-01-bootstrap");
        }
        signIn(ADMIN_PIN);
        page.waitForURL("**/admin/dashboard");
    }

    @Test
    @Order(1)
    void theFirstAdministratorComesInThroughTheBootstrapLinkAndManagesTheProduct() throws Exception {
        bootstrapTheFirstAdministrator(true);
        assertThat(page.locator("h1")).hasText("Dashboard");
        assertThat(page.locator("svg.chart").first()).isVisible();
        Screenshots.take(page, "console-02-dashboard");

        // A project: created, then its settings and Reply-Message wording changed.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Projects"))
                .click();
        page.getByLabel("client_id").fill("staff-vpn");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Staff VPN");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create"))
                .click();
        page.waitForURL("**/admin/projects/staff-vpn?notice=project-created");
        assertThat(page.locator(".notice")).hasText("The project was created.");
        assertThat(page.locator("#otp-link")).hasText(Pattern.compile("/otpgen\\?client_id=staff-vpn$"));
        assertThat(page.locator(".qr-small svg")).isVisible();
        page.getByLabel("OTP length (digits)").fill("8");
        page.getByLabel("On a wrong, used or expired OTP").fill("Wrong code: get a new one from the OTP page");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save"))
                .click();
        assertThat(page.locator(".notice")).hasText("The settings were saved.");
        assertThat(page.getByLabel("OTP length (digits)")).hasValue("8");
        Screenshots.take(page, "console-03-project");

        // A RADIUS client: the secret is shown once, never again. It is 127.0.0.1, where radclient
        // sends from, so the clients file now declares another address instead of the local NAS.
        NasClients.writeStaticClients(
                product.stack(),
                List.of(new StaticClient("file-nas", "127.0.0.3/32", LocalStack.DEMO_PROJECT, true)),
                false);
        Nas local = NasClients.local(product.stack());
        try (RadiusTestClient nas =
                new RadiusTestClient(local.sourceAddress(), NasClients.authAddress(product.stack()), local.secret())) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> nas.exchange(nas.statusServer(), Duration.ofMillis(500))
                            .isEmpty());
        }
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("RADIUS clients"))
                .click();
        // The demo project's file client had 127.0.0.1: the console refuses another project's client
        // there until the gateway has announced its new file.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            page.reload();
            return page.content().contains("file-nas");
        });
        page.getByLabel("Name").fill("branch-fw");
        page.getByLabel("Source address or CIDR").fill("127.0.0.1");
        page.getByLabel("Project", new Page.GetByLabelOptions().setExact(true)).selectOption("staff-vpn");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add and show the secret"))
                .click();
        assertThat(page.locator("#nas-secret")).hasText(Pattern.compile("^[A-Za-z0-9]{32}$"));
        String secret = page.locator("#nas-secret").textContent();
        Screenshots.take(page, "console-04-radius-client-secret");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("RADIUS clients"))
                .click();
        assertThat(page.locator("table")).containsText("branch-fw");
        assertThat(page.content()).doesNotContain(secret);
        // The local mode's NAS comes from the gateway's clients file, announced by the gateway.
        assertThat(page.locator("table")).containsText("configuration file");
        Screenshots.take(page, "console-05-radius-clients");

        // radclient from that address with that secret is answered within seconds, without a restart.
        Path secretFile = product.stack().radiusSecretFile().resolveSibling("branch-fw.secret");
        writeString(secretFile, secret);
        Nas branch = new Nas("branch-fw", "127.0.0.1", secret, secretFile);
        NasClients.awaitAnswered(product.stack(), branch, Duration.ofSeconds(15));
        String vpnUser = Users.newUserId();
        StoredIdentity vpnIdentity = Users.register(product.stack(), "staff-vpn", vpnUser, 1593);
        String otp = Users.client(product.stack()).obtainOtp(vpnIdentity, 1593).code();
        assertThat(otp).hasSize(8);
        int port = product.stack().options().radiusAuthPort();
        Radclient.Result accepted = Radclient.pap(port, secretFile, vpnUser, otp);
        assertThat(accepted.accepted()).as(accepted.output()).isTrue();
        Radclient.Result reused = Radclient.pap(port, secretFile, vpnUser, otp);
        assertThat(reused.rejected()).as(reused.output()).isTrue();
        assertThat(reused.replyMessage()).isEqualTo("Wrong code: get a new one from the OTP page");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("branch-fw"))
                .click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete branch-fw"))
                .click();
        assertThat(page.locator(".notice")).containsText("was deleted");
        assertThat(page.locator("table")).not().containsText("branch-fw");
        try (RadiusTestClient nas =
                new RadiusTestClient(branch.sourceAddress(), NasClients.authAddress(product.stack()), secret)) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> nas.exchange(nas.statusServer(), Duration.ofMillis(500))
                            .isEmpty());
        }
        Radclient.Result gone = Radclient.pap(port, secretFile, vpnUser, "12345678");
        assertThat(gone.unanswered()).as(gone.output()).isTrue();

        // Identities: the administrator's own, with its last use.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Identities"))
                .click();
        page.getByLabel("Project", new Page.GetByLabelOptions().setExact(true)).selectOption(LocalStack.DEMO_PROJECT);
        page.getByLabel("User ID").fill(adminUserId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))
                .click();
        assertThat(page.locator("table tbody tr")).hasCount(1);
        assertThat(page.locator("table tbody tr")).containsText("ACTIVE");
        assertThat(page.locator("table tbody tr td").nth(3)).not().hasText("–");
        Screenshots.take(page, "console-06-identities");

        // Administrators.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Administrators"))
                .click();
        assertThat(page.locator("table").first()).containsText(adminUserId);
        assertThat(page.locator("table").nth(1)).containsText("bootstrap link");
        Screenshots.take(page, "console-07-admins");

        // Every action is in the audit trail.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit"))
                .click();
        page.getByLabel("User ID").fill(adminUserId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter"))
                .click();
        for (String type : new String[] {
            "admin.signed-in",
            "admin.project-created",
            "admin.project-updated",
            "admin.radius-client-created",
            "admin.radius-client-deleted"
        }) {
            assertThat(page.locator("table")).containsText(type);
        }
        Screenshots.take(page, "console-08-audit");

        // The dashboard counts the logins through the console's RADIUS client.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dashboard"))
                .click();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            page.reload();
            return page.locator("table").textContent().contains("branch-fw");
        });
        assertThat(page.locator(".figure .value").first()).not().hasText("0");
        Screenshots.take(page, "console-09-dashboard-traffic");
    }

    @Test
    @Order(2)
    void anIdentityThatIsNotAnAdministratorIsRefused() {
        String userId = Users.newUserId();
        BrowserUsers.register(page, product.stack(), product.stack().otpLink().toString(), userId, "2580", false);

        page.navigate(product.stack()
                .registration()
                .baseUrl()
                .resolve("/admin/dashboard")
                .toString());
        page.waitForURL("**/admin/sign-in");
        Screenshots.take(page, "console-00-sign-in");
        signIn("2580");

        assertThat(page.locator("#sign-in-error")).hasText(Pattern.compile("may not open the console"));
        assertThat(page).hasURL(Pattern.compile("/admin/sign-in$"));
    }

    @Test
    @Order(3)
    void anExpiredSessionIsRefusedAndSigningOutEndsIt() {
        if (adminUserId == null) {
            bootstrapTheFirstAdministrator(false);
        } else {
            // A new identity of the administrator (this test's browser is new) is not enrolled for the
            // console: it is refused until a one-time link enrols it (here a bootstrap link).
            BrowserUsers.register(
                    page, product.stack(), product.stack().otpLink().toString(), adminUserId, ADMIN_PIN, false);
            page.navigate(product.stack()
                    .registration()
                    .baseUrl()
                    .resolve("/admin/sign-in")
                    .toString());
            page.getByLabel("Identity")
                    .selectOption(new com.microsoft.playwright.options.SelectOption()
                            .setLabel(adminUserId + " (" + LocalStack.DEMO_PROJECT + ")"));
            signIn(ADMIN_PIN);
            assertThat(page.locator("#sign-in-error")).hasText(Pattern.compile("may not open the console"));
            page.navigate(product.stack().consoleBootstrapLink().link());
            page.getByLabel("Identity")
                    .selectOption(new com.microsoft.playwright.options.SelectOption()
                            .setLabel(adminUserId + " (" + LocalStack.DEMO_PROJECT + ")"));
            signIn(ADMIN_PIN);
            page.waitForURL("**/admin/dashboard");
        }

        product.stack()
                .postgres()
                .execute(
                        "registration",
                        "UPDATE admin_session SET expires_at = now() - interval '1 minute' WHERE ended_at IS NULL");
        page.navigate(product.stack()
                .registration()
                .baseUrl()
                .resolve("/admin/projects")
                .toString());
        page.waitForURL("**/admin/sign-in");

        signIn(ADMIN_PIN);
        page.waitForURL("**/admin/dashboard");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        page.waitForURL("**/admin/sign-in");
        page.navigate(product.stack()
                .registration()
                .baseUrl()
                .resolve("/admin/dashboard")
                .toString());
        page.waitForURL("**/admin/sign-in");
    }
}
