package dev.zeropin.cli;

import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.local.AdminApiCall;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The rotation of the NAS secret key, which seals the console-managed RADIUS secrets at rest
 * (registration-service) and on their way to radius-gateway: {@code rotate-nas-secret-key} (a new
 * first line, the old key second), then the file to both services, {@code reseal-nas-secrets}
 * (every secret sealed again under the new key and published again), then {@code
 * retire-nas-secret-keys} (the old line removed) and the file to both services again.
 */
final class NasKeyCommands {

    private NasKeyCommands() {}

    /** The {@code --keys} option of the commands that change the key file itself. */
    static class NasKeyFolder {

        @Option(names = "--keys", required = true, description = "Folder with nas-secret-key")
        Path keys;
    }

    @Command(
            name = "rotate-nas-secret-key",
            mixinStandardHelpOptions = true,
            description = "Put a new NAS secret key first in nas-secret-key; the current one stays second"
                    + " (it still opens) until reseal-nas-secrets and retire-nas-secret-keys.")
    static class Rotate implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        NasKeyFolder folder;

        @Override
        public Integer call() {
            KeyRing ring = KeyRing.existing(folder.keys);
            ring.rotateNasSecretKey();
            PrintWriter out = spec.commandLine().getOut();
            out.println(ring.file(KeyRing.NAS_SECRET_KEY) + " now holds a new key (first) and the old one.");
            out.println("Next: update the file in radius-gateway's and registration-service's Secrets, restart the"
                    + " gateways, then registration-service, then run: zeropin keys reseal-nas-secrets");
            return 0;
        }
    }

    @Command(
            name = "reseal-nas-secrets",
            mixinStandardHelpOptions = true,
            description = "Ask registration-service to seal every console-managed RADIUS secret again under the"
                    + " first NAS secret key and to publish every client again.")
    static class Reseal implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        AdminApiOptions api;

        @Override
        public Integer call() {
            AdminApiCall.Answer answer;
            try {
                answer = api.post("/api/v1/admin/radius-clients/resealing", Duration.ofSeconds(60));
            } catch (UncheckedIOException | IllegalStateException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
            if (answer.status() != 200) {
                spec.commandLine()
                        .getErr()
                        .println("registration-service refused: HTTP " + answer.status() + " " + answer.body());
                return 1;
            }
            spec.commandLine().getOut().println(answer.body());
            spec.commandLine()
                    .getOut()
                    .println("Once every gateway shows the clients (zeropin_events_consumed_total"
                            + "{outcome=\"applied\"}), run: zeropin keys retire-nas-secret-keys");
            return 0;
        }
    }

    @Command(
            name = "retire-nas-secret-keys",
            mixinStandardHelpOptions = true,
            description = "Keep only the first key of nas-secret-key (after reseal-nas-secrets).")
    static class Retire implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        NasKeyFolder folder;

        @Override
        public Integer call() {
            KeyRing ring = KeyRing.existing(folder.keys);
            ring.retireOldNasSecretKeys();
            spec.commandLine()
                    .getOut()
                    .println(ring.file(KeyRing.NAS_SECRET_KEY)
                            + " holds only the new key. Update both services' Secrets and restart them.");
            return 0;
        }
    }
}
