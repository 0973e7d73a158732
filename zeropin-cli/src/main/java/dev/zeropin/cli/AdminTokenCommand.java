package dev.zeropin.cli;

import dev.zeropin.infra.keys.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeropin admin-token}: mints an admin token for the admin API with the admin signing key. */
@Command(
        name = "admin-token",
        mixinStandardHelpOptions = true,
        description = "Print an admin token (a secret: pass it to curl, do not paste it anywhere else).")
public class AdminTokenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--keys", required = true, description = "Folder with admin-signing.jwk")
    Path keys;

    @Option(names = "--subject", required = true, description = "Who the token is for, e.g. your e-mail address")
    String subject;

    @Option(names = "--ttl", description = "Lifetime (ISO-8601 duration). Default: ${DEFAULT-VALUE}")
    Duration ttl = Duration.ofMinutes(30);

    @Override
    public Integer call() {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(12)) > 0) {
            spec.commandLine().getErr().println("--ttl must be between PT1S and PT12H");
            return 2;
        }
        spec.commandLine().getOut().println(KeyRing.existing(keys).adminToken(subject, ttl));
        return 0;
    }
}
