package dev.zeropin.cli;

import dev.zeropin.infra.keys.KeyRing;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Command(
            name = "rotate-nas-secret-key",
            mixinStandardHelpOptions = true,
            description = "Put a new NAS secret key first in nas-secret-key; the current one stays second"
                    + " (it still opens) until reseal-nas-secrets and retire-nas-secret-keys.")
    static class Rotate implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--keys", required = true, description = "Folder with nas-secret-key")
        Path keys;

        @Override
        public Integer call() {
            KeyRing ring = KeyRing.existing(keys);
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
            String token = api.adminToken();
            String base = api.url.toString().replaceAll("/+$", "");
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/radius-clients/resealing"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            try {
                HttpResponse<String> response =
                        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    spec.commandLine()
                            .getErr()
                            .println("registration-service refused: HTTP " + response.statusCode() + " "
                                    + response.body());
                    return 1;
                }
                spec.commandLine().getOut().println(response.body());
                spec.commandLine()
                        .getOut()
                        .println("Once every gateway shows the clients (zeropin_events_consumed_total"
                                + "{outcome=\"applied\"}), run: zeropin keys retire-nas-secret-keys");
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("registration-service at " + base + " cannot be reached");
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    @Command(
            name = "retire-nas-secret-keys",
            mixinStandardHelpOptions = true,
            description = "Keep only the first key of nas-secret-key (after reseal-nas-secrets).")
    static class Retire implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--keys", required = true, description = "Folder with nas-secret-key")
        Path keys;

        @Override
        public Integer call() {
            KeyRing ring = KeyRing.existing(keys);
            ring.retireOldNasSecretKeys();
            spec.commandLine()
                    .getOut()
                    .println(ring.file(KeyRing.NAS_SECRET_KEY)
                            + " holds only the new key. Update both services' Secrets and restart them.");
            return 0;
        }
    }
}
