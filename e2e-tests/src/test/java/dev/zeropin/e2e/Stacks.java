package dev.zeropin.e2e;

import dev.zeropin.infra.local.LocalStackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Options for a product stack under test: the repository's built services, a fresh data folder. */
final class Stacks {

    private Stacks() {}

    static Path home() {
        return Path.of(System.getProperty("zeropin.home", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** Limits for tests, where every user and device calls from 127.0.0.1. */
    static Map<String, String> generousLimits() {
        return Map.of(
                "REGISTRATION_RATE_LIMIT_PER_ADDRESS_PER_HOUR", "10000",
                "REGISTRATION_RATE_LIMIT_PER_USER_ID_PER_HOUR", "1000",
                "OTP_AUTHENTICATION_PASS1_PER_MINUTE_PER_ADDRESS", "100000",
                "OTP_AUTHENTICATION_PASS2_PER_MINUTE_PER_ADDRESS", "100000");
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
