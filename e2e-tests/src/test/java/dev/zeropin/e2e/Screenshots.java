package dev.zeropin.e2e;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where screenshots go: target/screenshots, and {@code -Dzeropin.screenshots=<dir>} when set (docs). */
final class Screenshots {

    private Screenshots() {}

    static void take(Page page, String name) {
        List<Path> targets = new ArrayList<>(List.of(Path.of("target/screenshots")));
        String extra = System.getProperty("zeropin.screenshots");
        if (extra != null && !extra.isBlank()) {
            targets.add(Path.of(extra));
        }
        for (Path directory : targets) {
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(directory.resolve(name + ".png"))
                    .setFullPage(true));
        }
    }
}
