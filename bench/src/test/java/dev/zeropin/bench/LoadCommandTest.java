package dev.zeropin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Smoke test of the load generator (seconds, in {@code ./zeropin test}): against a small RADIUS
 * responder written here from the RFCs, which drops requests whose Message-Authenticator is wrong,
 * recovers the PAP password from its hiding, answers from a duplicate cache, and signs answers.
 */
class LoadCommandTest {

    private static final String SECRET = "smoke-secret-0123456789";

    @TempDir
    Path dir;

    private Responder responder;

    @BeforeEach
    void startResponder() throws IOException {
        responder = new Responder(SECRET);
    }

    @AfterEach
    void stopResponder() {
        responder.close();
    }

    @Test
    void everyRequestWithTheRightPasswordIsAcceptedAndCountsAddUp() throws IOException {
        Map<String, String> users = users(300);
        responder.users.putAll(users);

        RadiusLoad.Result result =
                RadiusLoad.run(plan(credentials(users), 3_000).withRetransmissions(0.1));

        assertThat(result.sent()).isEqualTo(3_000);
        assertThat(result.accepted()).isEqualTo(3_000);
        assertThat(result.rejected() + result.lost() + result.invalid()).isZero();
        assertThat(result.retransmitted()).isBetween(150L, 450L);
        assertThat(result.retransmitAnswered()).isEqualTo(result.retransmitted());
        assertThat(responder.verified.get()).isEqualTo(3_000);
        assertThat(responder.fromCache.get()).isEqualTo((int) result.retransmitted());
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(3_000);
    }

    @Test
    void wrongPasswordsAreCountedAsRejects() throws IOException {
        Map<String, String> users = users(100);
        responder.users.putAll(users);
        List<RadiusLoad.Credential> credentials = new ArrayList<>(credentials(users));
        credentials.set(7, new RadiusLoad.Credential(credentials.get(7).userName(), "not-the-password"));

        RadiusLoad.Result result = RadiusLoad.run(plan(credentials, 100));

        assertThat(result.accepted()).isEqualTo(99);
        assertThat(result.rejected()).isEqualTo(1);
    }

    @Test
    void aFixedRateTakesAsLongAsItShould() throws IOException {
        Map<String, String> users = users(50);
        responder.users.putAll(users);

        RadiusLoad.Result result = RadiusLoad.run(plan(credentials(users), 500).withRate(1_000));

        assertThat(result.accepted()).isEqualTo(500);
        assertThat(result.seconds()).isBetween(0.45, 3.0);
    }

    @Test
    void unansweredRequestsAreLostAfterTheTimeout() throws IOException {
        int port = responder.port();
        responder.close(); // nobody answers
        RadiusLoad.Result result = RadiusLoad.run(plan(port, credentials(users(10)), 10));

        assertThat(result.sent()).isEqualTo(10);
        assertThat(result.lost()).isEqualTo(10);
        assertThat(result.accepted()).isZero();
    }

    @Test
    void theLoadCommandExitsNonZeroUnlessEveryRequestIsAccepted() throws IOException {
        Map<String, String> users = users(20);
        responder.users.putAll(users);
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        Path good = dir.resolve("good.tsv");
        Path bad = dir.resolve("bad.tsv");
        StringBuilder lines = new StringBuilder();
        users.forEach((user, password) ->
                lines.append(user).append('\t').append(password).append('\n'));
        Files.writeString(good, lines);
        Files.writeString(bad, lines + "stranger\twrong\n");

        assertThat(run("--users", good.toString(), "--secret-file", secret.toString(), "--requests", "200"))
                .isZero();
        assertThat(run("--users", bad.toString(), "--secret-file", secret.toString(), "--requests", "21"))
                .isEqualTo(1);
    }

    @Test
    void refusesTargetsOffThisMachine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RadiusLoad.Plan(
                        new InetSocketAddress("192.0.2.1", 1812),
                        SECRET,
                        List.of(new RadiusLoad.Credential("a", "b")),
                        1,
                        Duration.ofSeconds(1),
                        1,
                        1,
                        0,
                        0,
                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(
                List.of("load", "--target", "127.0.0.1:" + responder.port(), "--expect-accept", "--timeout", "PT1S"));
        all.addAll(List.of(args));
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(output));
        return command.execute(all.toArray(String[]::new));
    }

    private RadiusLoad.Plan plan(List<RadiusLoad.Credential> credentials, int requests) {
        return plan(responder.port(), credentials, requests);
    }

    private static RadiusLoad.Plan plan(int port, List<RadiusLoad.Credential> credentials, int requests) {
        return new RadiusLoad.Plan(
                new InetSocketAddress("127.0.0.1", port),
                SECRET,
                credentials,
                requests,
                Duration.ofSeconds(20),
                2,
                300,
                0,
                0,
                Duration.ofMillis(500));
    }

    private static Map<String, String> users(int count) {
        Map<String, String> users = new HashMap<>();
        for (int i = 0; i < count; i++) {
            // passwords of 1 to 40 characters: one, two and three 16-byte hiding blocks
            users.put("user" + i + "@example.com", "p".repeat(1 + i % 40));
        }
        return users;
    }

    private static List<RadiusLoad.Credential> credentials(Map<String, String> users) {
        return users.entrySet().stream()
                .map(e -> new RadiusLoad.Credential(e.getKey(), e.getValue()))
                .toList();
    }

    /** A RADIUS server just strict enough to catch a generator that builds packets wrongly. */
    static final class Responder implements AutoCloseable {
        final Map<String, String> users = new ConcurrentHashMap<>();
        final AtomicInteger verified = new AtomicInteger();
        final AtomicInteger fromCache = new AtomicInteger();
        private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
        private final byte[] secret;
        private final DatagramSocket socket;
        private final Thread thread;

        Responder(String secret) throws IOException {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(4 << 20);
            thread = new Thread(this::serve, "smoke-responder");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    byte[] request = Arrays.copyOf(buffer, packet.getLength());
                    String key = packet.getPort() + "/" + (request[1] & 0xFF) + "/"
                            + Arrays.toString(Arrays.copyOfRange(request, 4, 20));
                    byte[] cached = cache.get(key);
                    byte[] answer;
                    if (cached != null) {
                        fromCache.incrementAndGet();
                        answer = cached;
                    } else {
                        answer = answer(request);
                        if (answer == null) {
                            continue;
                        }
                        verified.incrementAndGet();
                        cache.put(key, answer);
                    }
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                } catch (SocketException e) {
                    return; // closed
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** The answer, or null to drop a request with a wrong Message-Authenticator. */
        private byte[] answer(byte[] request) throws Exception {
            Mac hmac = Mac.getInstance("HmacMD5");
            hmac.init(new SecretKeySpec(secret, "HmacMD5"));
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            if (request[20] != 80 || request[21] != 18) {
                return null; // Message-Authenticator must come first
            }
            byte[] zeroed = request.clone();
            Arrays.fill(zeroed, 22, 38, (byte) 0);
            if (!MessageDigest.isEqual(hmac.doFinal(zeroed), Arrays.copyOfRange(request, 22, 38))) {
                return null;
            }
            String user = null;
            byte[] password = null;
            int pos = 20;
            while (pos < request.length) {
                int type = request[pos] & 0xFF;
                int length = request[pos + 1] & 0xFF;
                byte[] value = Arrays.copyOfRange(request, pos + 2, pos + length);
                if (type == 1) {
                    user = new String(value, StandardCharsets.UTF_8);
                } else if (type == 2) {
                    password = unhide(md5, value, Arrays.copyOfRange(request, 4, 20));
                }
                pos += length;
            }
            String expected = users.get(user);
            boolean ok = expected != null
                    && password != null
                    && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password);
            byte[] answer = new byte[38];
            answer[0] = (byte) (ok ? 2 : 3);
            answer[1] = request[1];
            answer[3] = 38;
            System.arraycopy(request, 4, answer, 4, 16);
            answer[20] = 80;
            answer[21] = 18;
            System.arraycopy(hmac.doFinal(answer), 0, answer, 22, 16);
            md5.update(answer);
            md5.update(secret);
            System.arraycopy(md5.digest(), 0, answer, 4, 16);
            return answer;
        }

        private byte[] unhide(MessageDigest md5, byte[] hidden, byte[] authenticator) {
            byte[] plain = new byte[hidden.length];
            byte[] previous = authenticator;
            for (int block = 0; block < hidden.length; block += 16) {
                md5.update(secret);
                md5.update(previous);
                byte[] mask = md5.digest();
                for (int i = 0; i < 16; i++) {
                    plain[block + i] = (byte) (hidden[block + i] ^ mask[i]);
                }
                previous = Arrays.copyOfRange(hidden, block, block + 16);
            }
            int end = plain.length;
            while (end > 0 && plain[end - 1] == 0) {
                end--;
            }
            return Arrays.copyOf(plain, end);
        }

        @Override
        public void close() {
            socket.close();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
