package dev.zeropin.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.zeropin.infra.local.LocalStack;

/** A user at the OTP generation link in a browser. */
final class BrowserUsers {

    private BrowserUsers() {}

    /** Registers a User ID through the pages of {@code otpLink} and returns the first OTP shown. */
    static String register(
            Page page, LocalStack stack, String otpLink, String userId, String pin, boolean screenshots) {
        page.navigate(otpLink);
        if (screenshots) {
            Screenshots.take(page, "01-landing");
        }
        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Register a User ID"))
                .click();
        page.getByLabel("User ID (your e-mail address)").fill(userId);
        if (screenshots) {
            Screenshots.take(page, "02-register");
        }
        int mails = stack.mail().messagesTo(userId).size();
        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Send the code"))
                .click();
        page.waitForURL("**/otpgen/verify?**");
        assertThat(page.locator("#sent-to")).containsText(userId);
        String code = Users.codeIn(Users.newestMail(stack, userId, mails + 1));
        page.getByLabel("Verification code").fill(code);
        if (screenshots) {
            Screenshots.take(page, "03-verify");
        }
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify"))
                .click();
        page.getByLabel("PIN (4 digits)").fill(pin);
        page.getByLabel("PIN again").fill(pin);
        if (screenshots) {
            Screenshots.take(page, "04-pin");
        }
        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Save the PIN"))
                .click();
        assertThat(page.locator("#otp-code")).hasText(java.util.regex.Pattern.compile("^\\d{6}$"));
        assertThat(page.locator("#otp-countdown")).containsText("Valid for");
        if (screenshots) {
            Screenshots.take(page, "05-otp");
        }
        return page.locator("#otp-code").textContent();
    }
}
