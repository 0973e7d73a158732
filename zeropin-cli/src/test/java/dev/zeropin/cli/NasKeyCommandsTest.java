package dev.zeropin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.zeropin.infra.keys.KeyRing;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NasKeyCommandsTest {

    @TempDir
    static Path keys;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void keys() {
        KeyRing.createMissing(keys);
    }

    private int zeropin(String... args) {
        return new CommandLine(new ZeroPinCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private static List<String> nasKeyLines() throws IOException {
        return Files.readAllLines(keys.resolve(KeyRing.NAS_SECRET_KEY)).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }

    @Test
    void rotateAndRetireChangeTheKeyFileOfTheirKeysFolder() throws IOException {
        String before = nasKeyLines().get(0);

        assertThat(zeropin("keys", "rotate-nas-secret-key", "--keys", keys.toString()))
                .isZero();
        assertThat(nasKeyLines()).hasSize(2).element(1).isEqualTo(before);

        assertThat(zeropin("keys", "retire-nas-secret-keys", "--keys", keys.toString()))
                .isZero();
        assertThat(nasKeyLines()).hasSize(1).first().isNotEqualTo(before);
    }

    @Test
    void resealPostsToTheAdminApiWithAnAdminTokenAndPrintsTheAnswer() throws IOException {
        List<String> seen = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization").startsWith("Bearer ey"));
            byte[] body = "{\"resealed\":3}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int exit = zeropin(
                    "keys",
                    "reseal-nas-secrets",
                    "--keys",
                    keys.toString(),
                    "--url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/");

            assertThat(exit).isZero();
            assertThat(seen).containsExactly("POST /api/v1/admin/radius-clients/resealing true");
            assertThat(out.toString()).contains("{\"resealed\":3}").contains("retire-nas-secret-keys");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void resealSaysWhenRegistrationServiceCannotBeReached() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        int exit =
                zeropin("keys", "reseal-nas-secrets", "--keys", keys.toString(), "--url", "http://127.0.0.1:" + port);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot be reached");
    }
}
