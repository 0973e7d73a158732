package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.cli.LocalCommand;
import dev.zeropin.infra.local.LocalStackOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** README command 1: {@code zeropin local} prints the three lines and every service is ready. */
class LocalCommandTest {

    @TempDir
    Path data;

    @Test
    void printsTheOtpLinkTheRadclientCommandAndTheMailbox() throws Exception {
        int httpBase = freeConsecutiveTcpPorts(3);
        int radiusBase = freeConsecutiveUdpPorts(2);
        LocalCommand local = new LocalCommand();
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(local).setOut(new PrintWriter(output, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> command.execute(
                "--home", Stacks.home().toString(),
                "--data", data.toString(),
                "--http-port", String.valueOf(httpBase),
                "--radius-port", String.valueOf(radiusBase)));
        try {
            assertThat(local.awaitReady(Duration.ofSeconds(120)))
                    .as("ready; output so far:%n%s", output)
                    .isTrue();
            String printed = output.toString();

            assertThat(line(printed, "OTP link: (.+)"))
                    .isEqualTo("http://localhost:" + httpBase + "/otpgen?client_id=demo");
            String radius = line(printed, "RADIUS: (.+)");
            assertThat(radius)
                    .contains(
                            "User-Name=" + LocalCommand.DEMO_USER, "User-Password=<OTP>", "Message-Authenticator=0x00")
                    .contains("radclient -x -S ")
                    .endsWith("127.0.0.1:" + radiusBase + " auth");
            Matcher secretFile = Pattern.compile("-S (\\S+) ").matcher(radius);
            assertThat(secretFile.find()).isTrue();
            assertThat(Files.readString(Path.of(secretFile.group(1))).length()).isGreaterThanOrEqualTo(16);
            assertThat(printed).doesNotContain(Files.readString(Path.of(secretFile.group(1))));
            assertThat(line(printed, "Console: (.+)"))
                    .startsWith("http://localhost:" + httpBase + "/admin/bootstrap#code=")
                    .contains("one-time link for the first administrator");
            Matcher radsec = Pattern.compile(
                            "127\\.0\\.0\\.1:\\d+ \\(TLS; client certificate (\\S+), its key (\\S+), gateway CA (\\S+), secret radsec\\)")
                    .matcher(line(printed, "RadSec: (.+)"));
            assertThat(radsec.matches()).as(printed).isTrue();
            for (int file = 1; file <= 3; file++) {
                assertThat(Path.of(radsec.group(file))).isRegularFile().startsWith(data);
            }
            Path mailbox = Path.of(line(printed, "Mailbox: (.+)"));
            assertThat(mailbox).isDirectory().startsWith(data);

            for (int port : List.of(httpBase, httpBase + 1, httpBase + 2)) {
                assertThat(readiness(port)).as("port %d ready", port).isEqualTo(200);
            }
            assertThat(servicesMappingTheirClassArchive())
                    .as("each service JVM maps the class-data sharing archive built beside it")
                    .isEqualTo(3);
        } finally {
            local.stop();
        }
        assertThat(exit.get()).isZero();
        assertThat(readiness(httpBase)).as("stopped").isEqualTo(-1);
        assertThat(data.resolve("postgres/postmaster.pid"))
                .as("PostgreSQL stopped")
                .doesNotExist();
    }

    /** How many service JVMs started by this test map an {@code app-cds.jsa} into memory. */
    private static long servicesMappingTheirClassArchive() {
        return ProcessHandle.current()
                .descendants()
                .filter(process -> process.info()
                        .arguments()
                        .map(arguments -> List.of(arguments).contains("quarkus-run.jar"))
                        .orElse(false))
                .filter(process -> {
                    try {
                        return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "maps"))
                                .contains("/quarkus-app/app-cds.jsa");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                })
                .count();
    }

    private static String line(String output, String pattern) {
        Matcher matcher = Pattern.compile("(?m)^" + pattern + "$").matcher(output);
        assertThat(matcher.find())
                .as("a line matching %s in%n%s", pattern, output)
                .isTrue();
        return matcher.group(1).strip();
    }

    private static int readiness(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            return HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int freeConsecutiveTcpPorts(int count) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = LocalStackOptions.freePort();
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    free = socket.isBound();
                } catch (java.io.IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free consecutive ports");
    }

    private static int freeConsecutiveUdpPorts(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = LocalStackOptions.freeUdpPort();
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                    free = socket.isBound();
                } catch (java.io.IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free consecutive UDP ports");
    }
}
