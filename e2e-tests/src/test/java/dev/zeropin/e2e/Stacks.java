package dev.zeropin.e2e;

import dev.zeropin.infra.local.LocalStackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Options for a product stack under test: the repository's built services, a fresh data folder. */
final class Stacks {

    private Stacks() {}

    static Path home() {
        return Path.of(System.getProperty("zeropin.home", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static LocalStackOptions freshOptions(String name) {
        try {
            Path data = Files.createTempDirectory(home().resolve("e2e-tests/target"), name + "-");
            return LocalStackOptions.forTests(home(), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
