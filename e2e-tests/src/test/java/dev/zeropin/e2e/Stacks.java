package dev.zeropin.e2e;

import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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

    /**
     * Starts a stack whose gateway (UDP and RadSec) listens on {@code hostAddress}, the host end of a
     * test's veth, only (a system property wins over the environment variable that LocalStack sets
     * for 127.0.0.1).
     */
    static LocalStack startBehind(String hostAddress, String name) {
        Map<String, String> environment = new HashMap<>(generousLimits());
        environment.put("JAVA_TOOL_OPTIONS", "-Dgateway.radius.bind-address=" + hostAddress);
        return new LocalStack(freshOptions(name).withEnvironment(environment)).start();
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
