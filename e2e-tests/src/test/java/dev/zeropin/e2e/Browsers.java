package dev.zeropin.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright (no browser download). Pages keep their console messages
 * and dialogs, so that tests can prove that no script ran that should not have.
 */
final class Browsers implements AutoCloseable {

    /** The real Chromium binary of Debian's package (not the /usr/bin wrapper script). */
    static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");

    private final Playwright playwright;
    private final Browser browser;
    final List<String> console = new ArrayList<>();
    final List<String> dialogs = new ArrayList<>();

    Browsers() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (./zeropin test does)");
        }
        // A PIN login pays for pairings on the 2 cores that the whole stack shares; a loaded machine
        // can take longer than Playwright's default of 5 s for the first one.
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }

    /** A fresh browser profile (its own IndexedDB) with a desktop window. */
    BrowserContext desktop(String locale) {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale(locale)
                .setPermissions(List.of("clipboard-read", "clipboard-write")));
    }

    /** A fresh browser profile shaped like a phone: 360 px wide, touch, a mobile user agent. */
    BrowserContext phone(String locale) {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(360, 740)
                .setDeviceScaleFactor(2)
                .setIsMobile(true)
                .setHasTouch(true)
                .setLocale(locale)
                .setUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/156.0.0.0 Mobile Safari/537.36"));
    }

    /** A page that records console messages and dismisses (and records) every dialog but confirms. */
    Page open(BrowserContext context) {
        Page page = context.newPage();
        page.onConsoleMessage((ConsoleMessage message) -> console.add(message.type() + ": " + message.text()));
        page.onPageError(error -> console.add("pageerror: " + error));
        page.onDialog(dialog -> {
            dialogs.add(dialog.type() + ": " + dialog.message());
            if ("confirm".equals(dialog.type())) {
                dialog.accept();
            } else {
                dialog.dismiss();
            }
        });
        return page;
    }

    /**
     * Presses Enter in the focused field once its form can be sent. The pages keep their submit
     * buttons disabled until their script has run (so that a form is never sent natively), and
     * Enter before that does nothing, as it would for a user on a slow connection.
     */
    static void pressEnter(Page page) {
        page.waitForFunction("() => { const form = document.activeElement && document.activeElement.form;"
                + " return !form || [...form.querySelectorAll('button[type=submit]')]"
                + ".every(button => !button.disabled); }");
        page.keyboard().press("Enter");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
