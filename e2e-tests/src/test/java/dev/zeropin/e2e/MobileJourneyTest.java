package dev.zeropin.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinException;
import dev.zeropin.infra.local.LocalStack;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Log In Using Mobile" end to end: the desktop page shows a QR code, the code is read from a
 * screenshot with zxing like a camera would, a phone-shaped Chromium opens it and registers, and
 * the phone then makes OTPs, shows its history, works offline, and deletes its identity.
 */
class MobileJourneyTest {

    private static final Pattern OTP = Pattern.compile("^\\d{6}$");

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("mobile");

    private static Browsers browsers;
    private BrowserContext desktop;
    private BrowserContext phone;

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
    void browsers() {
        browsers.console.clear();
        browsers.dialogs.clear();
        desktop = browsers.desktop("en-US");
        phone = browsers.phone("en-US");
    }

    @AfterEach
    void noScriptRanThatShouldNotHave() {
        desktop.close();
        phone.close();
        assertThat(browsers.console)
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to"))
                .noneMatch(line -> line.startsWith("pageerror"));
    }

    /** The desktop shows the QR code; returns the link it holds, read with zxing from a screenshot. */
    private String scanQrCode(String clientId, boolean screenshot) throws Exception {
        Page page = browsers.open(desktop);
        page.navigate(product.stack().otpLink().toString().replace("client_id=demo", "client_id=" + clientId));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log In Using Mobile"))
                .click();
        assertThat(page.locator("#qr")).isVisible();
        assertThat(page.locator("#qr-countdown")).containsText("This QR code works once");
        if (screenshot) {
            Screenshots.take(page, "10-desktop-qr");
        }
        BufferedImage image =
                ImageIO.read(new ByteArrayInputStream(page.locator("#qr").screenshot()));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String link = new QRCodeReader()
                .decode(new BinaryBitmap(
                        new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
                .getText();
        page.close();
        return link;
    }

    /** The phone opens the link, registers {@code userId} with {@code pin}; returns the phone page on the OTP. */
    private Page registerOnThePhone(String link, String userId, String pin, boolean screenshots) {
        Page page = browsers.open(phone);
        page.navigate(link);
        assertThat(page.locator("#activate-status")).containsText("This phone can now register");
        if (screenshots) {
            Screenshots.take(page, "11-phone-activated");
        }
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Register a User ID"))
                .click();
        page.getByLabel("User ID (your e-mail address)").fill(userId);
        Browsers.pressEnter(page);
        page.waitForURL("**/m/verify?**");
        page.getByLabel("Verification code").fill(Users.codeIn(Users.newestMail(product.stack(), userId, 1)));
        Browsers.pressEnter(page);
        page.getByLabel("PIN (4 digits)").fill(pin);
        page.getByLabel("PIN again").fill(pin);
        Browsers.pressEnter(page);
        assertThat(page.locator("#otp-code")).hasText(OTP);
        if (screenshots) {
            Screenshots.take(page, "12-phone-otp");
        }
        return page;
    }

    private StoredIdentity identityOnThePhone(Page page) {
        @SuppressWarnings("unchecked")
        List<Map<String, String>> all = (List<Map<String, String>>)
                page.evaluate("() => import('/js/store.js').then((m) => m.listAllIdentities())");
        Map<String, String> last = all.get(all.size() - 1);
        return new StoredIdentity(
                last.get("mpinId"),
                last.get("token"),
                last.get("hid"),
                last.get("userId"),
                last.get("clientId"),
                last.get("otpServiceUrl"));
    }

    @Test
    void scanRegisterOnThePhoneGetAnOtpSeeItsHistoryThenDeleteIt() throws Exception {
        String userId = Users.newUserId();
        String link = scanQrCode(LocalStack.DEMO_PROJECT, true);
        assertThat(link).contains("/m/activate#code=");

        Page page = registerOnThePhone(link, userId, "2580", true);
        String otp = page.locator("#otp-code").textContent();
        Radclient.Result vpn = Radclient.pap(
                product.stack().options().radiusAuthPort(), product.stack().radiusSecretFile(), userId, otp);
        assertThat(vpn.accepted()).as(vpn.output()).isTrue();
        StoredIdentity identity = identityOnThePhone(page);

        page.navigate(product.stack().registration().baseUrl() + "/m/");
        assertThat(page.locator("#identities a")).containsText(new String[] {userId});
        Screenshots.take(page, "13-phone-home");
        page.locator("#identities a").first().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show usage history"))
                .click();
        page.getByLabel("Show the history").fill("2580");
        Browsers.pressEnter(page);
        assertThat(page.locator("#history")).containsText("OTP used (PAP)");
        assertThat(page.locator("#history")).containsText(LocalStack.LOCAL_NAS);
        Screenshots.take(page, "14-phone-history");

        page.navigate(product.stack().registration().baseUrl() + "/m/");
        page.locator("#identities a").first().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete this identity"))
                .click();
        page.getByLabel("Delete it now").fill("2580");
        Browsers.pressEnter(page);
        page.waitForURL("**/m/");
        assertThat(page.locator("#status")).containsText("was deleted");
        assertThat(page.locator("#no-identities")).isVisible();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThatThrownBy(
                                () -> Users.client(product.stack()).obtainOtp(identity, 2580))
                        .isInstanceOfSatisfying(
                                ZeroPinException.class,
                                e -> assertThat(e.code()).isEqualTo("identity_revoked")));
        assertThat(product.stack()
                        .postgres()
                        .query(
                                "registration",
                                "SELECT revoked_reason FROM identity WHERE mpin_id = ?",
                                identity.mpinId()))
                .containsExactly(Map.of("revoked_reason", "user"));
    }

    @Test
    void anActivationLinkWorksOnce() throws Exception {
        String link = scanQrCode(LocalStack.DEMO_PROJECT, false);
        Page first = browsers.open(phone);
        first.navigate(link);
        assertThat(first.locator("#activate-status")).containsText("This phone can now register");

        Page second = browsers.open(phone);
        second.navigate(link);

        assertThat(second.locator("#activate-error"))
                .hasText("This QR code was used already. Show a new one on your computer.");
        Screenshots.take(second, "15-phone-link-used");
        Page third = browsers.open(phone);
        third.navigate(product.stack().registration().baseUrl() + "/m/activate#code=forged");
        assertThat(third.locator("#activate-error")).containsText("not valid");
    }

    @Test
    void theIdentityListOpensOffline() throws Exception {
        String userId = Users.newUserId();
        Page page = registerOnThePhone(scanQrCode(LocalStack.DEMO_PROJECT, false), userId, "1470", false);
        page.navigate(product.stack().registration().baseUrl() + "/m/");
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)");
        page.reload();
        assertThat(page.locator("#identities a")).containsText(new String[] {userId});

        phone.setOffline(true);
        page.reload();

        assertThat(page.locator("#identities a")).containsText(new String[] {userId});
        phone.setOffline(false);
    }

    @Test
    void afterExpiryTheAppOffersANewOtpForThePin() throws Exception {
        String shortLived = createProject(Map.of("name", "Short", "otpLifetimeSeconds", 30));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !product.stack()
                        .postgres()
                        .query("otp", "SELECT 1 FROM project_copy WHERE client_id = ?", shortLived)
                        .isEmpty());
        String userId = Users.newUserId();
        Page page = registerOnThePhone(scanQrCode(shortLived, false), userId, "3690", false);
        String first = page.locator("#otp-code").textContent();

        Button newOtp = new Button(page, "Generate New OTP");
        assertThat(page.locator("#otp-countdown"))
                .hasText(
                        "This code has expired.",
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(45_000));
        assertThat(page.locator("#otp-code")).hasClass(Pattern.compile("expired"));
        Screenshots.take(page, "16-phone-otp-expired");
        newOtp.click();
        page.getByLabel("PIN for " + userId).fill("3690");
        Browsers.pressEnter(page);

        assertThat(page.locator("#otp-code")).hasText(OTP);
        assertThat(page.locator("#otp-code")).not().hasText(first);
        assertThat(Users.verifyOverInternalApi(product.stack(), shortLived, userId, first))
                .isEqualTo("REJECT");
    }

    @Test
    void anIdentityRevokedByAnAdministratorIsRefusedOnThePhone() throws Exception {
        String userId = Users.newUserId();
        Page page = registerOnThePhone(scanQrCode(LocalStack.DEMO_PROJECT, false), userId, "8520", false);
        StoredIdentity identity = identityOnThePhone(page);

        io.restassured.RestAssured.given()
                .baseUri(product.stack().registration().baseUrl().toString())
                .auth()
                .oauth2(product.stack().keys().adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("mpinId", identity.mpinId()))
                .post("/api/v1/admin/identities/revocation")
                .then()
                .statusCode(204);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThatThrownBy(
                                () -> Users.client(product.stack()).obtainOtp(identity, 8520))
                        .isInstanceOf(ZeroPinException.class));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate New OTP"))
                .click();
        page.getByLabel("PIN for " + userId).fill("8520");
        Browsers.pressEnter(page);
        assertThat(page.locator("#otp-revoked-text")).containsText("blocked or revoked");
    }

    /** A button found by its accessible name. */
    private record Button(Page page, String name) {
        void click() {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name))
                    .click();
        }
    }

    private static String createProject(Map<String, Object> settings) {
        String clientId = "m-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.put("clientId", clientId);
        io.restassured.RestAssured.given()
                .baseUri(product.stack().registration().baseUrl().toString())
                .auth()
                .oauth2(product.stack().keys().adminToken("e2e@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/projects")
                .then()
                .statusCode(201);
        return clientId;
    }
}
