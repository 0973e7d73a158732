package dev.zeropin.cli;

import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.local.AdminApiCall;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of a command that calls registration-service's admin API with an operator's admin token. */
class AdminApiOptions {

    @Option(names = "--keys", description = "Folder with admin-signing.jwk. Default: ${DEFAULT-VALUE}")
    Path keys = Path.of(".zeropin", "keys");

    @Option(names = "--url", description = "registration-service base URL. Default: ${DEFAULT-VALUE}")
    URI url = URI.create("http://localhost:8080");

    @Option(names = "--operator", description = "Who asks, for the audit trail. Default: ${DEFAULT-VALUE}")
    String operator = "zeropin-cli";

    /** A short-lived admin token signed with the folder's admin-signing.jwk. */
    String adminToken() {
        return KeyRing.existing(keys).adminToken(operator, Duration.ofMinutes(5));
    }

    /** POSTs without a body to {@code path} of the admin API; UncheckedIOException when unreachable. */
    AdminApiCall.Answer post(String path, Duration timeout) {
        return AdminApiCall.post(url, adminToken(), path, timeout);
    }
}
