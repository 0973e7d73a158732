package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EAP over RADIUS with software nobody here wrote: {@code eapol_test} (hostapd/wpa_supplicant's
 * test authenticator, Debian package eapoltest) runs EAP-GTC and EAP-MSCHAPv2 against the
 * packaged product with fresh OTPs, and checks for MSCHAPv2 that the MS-MPPE keys of the
 * Access-Accept equal the MSK its own peer derived.
 *
 * <p>eapol_test runs in a network namespace made by this test, joined to the host by a veth pair
 * whose two addresses exist only on those veths; the gateway listens on the host end only. The
 * namespace and the veth are removed by name, and each eapol_test is waited for with a deadline
 * and then killed by its PID.
 */
class EapolTestLoginTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID = HexFormat.of().formatHex(randomBytes(3));
    private static final String NAMESPACE = "zpeap" + ID;
    private static final String HOST_END = "zpe" + ID + "h";
    private static final String NAMESPACE_END = "zpe" + ID + "n";
    private static final String SUBNET = "10." + (200 + RANDOM.nextInt(50)) + "." + RANDOM.nextInt(256) + ".";
    private static final int BASE = 4 * RANDOM.nextInt(64);
    private static final String HOST_ADDRESS = SUBNET + (BASE + 1);
    private static final String NAS_ADDRESS = SUBNET + (BASE + 2);

    private static LocalStack stack;
    private static Path work;
    private static String secret;

    @BeforeAll
    static void startProductBehindAVeth() throws IOException {
        assertThat(onPath("eapol_test"))
                .as("eapol_test is missing: ./zeropin test installs it (apt-get install eapoltest)")
                .isTrue();
        createNetwork();
        Map<String, String> environment = new HashMap<>(Stacks.generousLimits());
        // The gateway listens on the host end of the veth only (a system property wins over the
        // environment variable that LocalStack sets for 127.0.0.1).
        environment.put("JAVA_TOOL_OPTIONS", "-Dgateway.radius.bind-address=" + HOST_ADDRESS);
        stack = new LocalStack(Stacks.freshOptions("eapol-test").withEnvironment(environment)).start();
        work = Files.createTempDirectory(stack.radiusClientsFile().getParent(), "eapol-");
        secret = NasClients.randomSecret(32);
        Path secretFile = work.resolve("nas.secret");
        writePrivate(secretFile, secret);
        // eapol_test in the namespace, and the relay of the replica test on the host end (same secret).
        String clients = """
                {"clients":[{"name":"eapol-nas","address":"%1$s/32","secretFile":"%3$s","project":"%4$s",\
                "requireMessageAuthenticator":true},{"name":"eapol-relay","address":"%2$s/32","secretFile":"%3$s",\
                "project":"%4$s","requireMessageAuthenticator":true}]}""".formatted(NAS_ADDRESS, HOST_ADDRESS, secretFile, LocalStack.DEMO_PROJECT);
        Path temporary = stack.radiusClientsFile().resolveSibling("clients.json.tmp");
        Files.writeString(temporary, clients, StandardCharsets.UTF_8);
        Files.move(
                temporary,
                stack.radiusClientsFile(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        awaitNasKnown(secretFile);
    }

    @AfterAll
    static void stopProductAndNetwork() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            removeNetwork();
        }
    }

    @Test
    void eapGtcWithAFreshOtpSucceedsOnceAndFailsAgainFromAnotherEndpointAndWithAWrongOtp() {
        String userId = Users.newUserId();
        String otp = freshOtp(userId);

        Result first = eapolTest("GTC", userId, otp, "02:00:00:00:00:01");
        Result reused = eapolTest("GTC", userId, otp, "02:00:00:00:00:02");
        Result wrong = eapolTest("GTC", userId, otherThan(freshOtp(userId)), "02:00:00:00:00:03");

        assertThat(first.succeeded()).as(first.output()).isTrue();
        assertThat(reused.succeeded()).as(reused.output()).isFalse();
        assertThat(reused.output()).contains("EAP-Failure").contains("Access-Reject");
        assertThat(wrong.succeeded()).as(wrong.output()).isFalse();
        assertThat(wrong.output()).contains("EAP-Failure");
    }

    @Test
    void eapMsChapV2WithAFreshOtpSucceedsWithMatchingMppeKeysAndFailsWithTheSameOtpAgain() {
        String userId = Users.newUserId();
        String otp = freshOtp(userId);

        Result first = eapolTest("MSCHAPV2", userId, otp, "02:00:00:00:00:11");
        Result reused = eapolTest("MSCHAPV2", userId, otp, "02:00:00:00:00:11");
        Result wrong = eapolTest("MSCHAPV2", userId, otherThan(freshOtp(userId)), "02:00:00:00:00:12");

        assertThat(first.succeeded()).as(first.output()).isTrue();
        assertThat(first.output())
                .as("the MS-MPPE keys of the Accept equal the MSK the peer derived")
                .contains("MPPE keys OK: 1  mismatch: 0");
        assertThat(first.output()).as("GTC offered first, Nak to MSCHAPv2").contains("EAP-MSCHAPV2");
        assertThat(reused.succeeded()).as(reused.output()).isFalse();
        assertThat(wrong.succeeded()).as(wrong.output()).isFalse();
    }

    @Test
    void eapMsChapV2CompletesWhenEveryRoundReachesAnotherGatewayReplica() throws Exception {
        int secondPort = LocalStackOptions.freeUdpPort();
        stack.startExtraGateway(LocalStackOptions.freePort(), secondPort, LocalStackOptions.freeUdpPort());
        String userId = Users.newUserId();
        String otp = freshOtp(userId);
        try (RoundRobinRelay relay = new RoundRobinRelay(List.of(stack.options().radiusAuthPort(), secondPort))) {

            Result result = eapolTest("MSCHAPV2", userId, otp, "02:00:00:00:00:21", relay.port());

            assertThat(result.succeeded()).as(result.output()).isTrue();
            assertThat(result.output()).contains("MPPE keys OK: 1  mismatch: 0");
            assertThat(relay.answersPerReplica())
                    .as("identity, Nak, response and success response alternate between the replicas")
                    .containsExactly(2, 2);
        }
    }

    /**
     * A load balancer without affinity, on the host end of the veth: each Access-Request goes to the
     * next gateway replica in turn, its answer back to the sender. Sequential, as eapol_test is.
     */
    private static final class RoundRobinRelay implements AutoCloseable {
        private final DatagramSocket front;
        private final DatagramSocket back;
        private final List<Integer> replicas;
        private final int[] answers;
        private final Thread thread;
        private volatile boolean running = true;

        RoundRobinRelay(List<Integer> replicaPorts) throws IOException {
            InetAddress host = InetAddress.getByName(HOST_ADDRESS);
            front = new DatagramSocket(new InetSocketAddress(host, 0));
            back = new DatagramSocket(new InetSocketAddress(host, 0));
            front.setSoTimeout(200);
            back.setSoTimeout(5000);
            replicas = replicaPorts;
            answers = new int[replicaPorts.size()];
            thread = new Thread(this::relay, "eap-relay");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return front.getLocalPort();
        }

        synchronized List<Integer> answersPerReplica() {
            return Arrays.stream(answers).boxed().toList();
        }

        private void relay() {
            int next = 0;
            while (running) {
                try {
                    DatagramPacket request = new DatagramPacket(new byte[4096], 4096);
                    front.receive(request);
                    int replica = next++ % replicas.size();
                    back.send(new DatagramPacket(
                            request.getData(),
                            request.getLength(),
                            new InetSocketAddress(HOST_ADDRESS, replicas.get(replica))));
                    DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
                    back.receive(answer);
                    synchronized (this) {
                        answers[replica]++;
                    }
                    front.send(new DatagramPacket(answer.getData(), answer.getLength(), request.getSocketAddress()));
                } catch (SocketTimeoutException e) {
                    // Nothing to relay yet, or a replica that did not answer: eapol_test then fails.
                } catch (IOException e) {
                    if (running) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
            front.close();
            back.close();
        }
    }

    /** A new OTP of {@code userId} (registered on first use) from a PIN login of the reference client. */
    private static String freshOtp(String userId) {
        StoredIdentity identity = IDENTITIES.computeIfAbsent(userId, id -> Users.register(stack, id, 1357));
        return Users.client(stack).obtainOtp(identity, 1357).code();
    }

    private static final Map<String, StoredIdentity> IDENTITIES = new java.util.concurrent.ConcurrentHashMap<>();

    private static String otherThan(String otp) {
        char last = otp.charAt(otp.length() - 1);
        return otp.substring(0, otp.length() - 1) + (last == '0' ? '1' : '0');
    }

    private record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0 && output.strip().endsWith("SUCCESS");
        }
    }

    /** One eapol_test run in the namespace; {@code method} is GTC or MSCHAPV2. */
    private static Result eapolTest(String method, String userId, String password, String mac) {
        return eapolTest(method, userId, password, mac, stack.options().radiusAuthPort());
    }

    private static Result eapolTest(String method, String userId, String password, String mac, int port) {
        Path config = work.resolve("eapol-" + method + "-" + port + ".conf");
        writePrivate(config, """
                network={
                    key_mgmt=IEEE8021X
                    eap=%s
                    identity="%s"
                    password="%s"
                }
                """.formatted(method, userId, password));
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                NAMESPACE,
                "eapol_test",
                "-c",
                config.toString(),
                "-a",
                HOST_ADDRESS,
                "-p",
                String.valueOf(port),
                "-s",
                secret,
                "-A",
                NAS_ADDRESS,
                "-M",
                mac,
                "-t",
                "15"));
        if (method.equals("GTC")) {
            // EAP-GTC derives no key: no MS-MPPE keys are expected.
            command.add("-n");
        }
        try {
            return run(command, 30);
        } finally {
            deleteQuietly(config);
        }
    }

    private static void createNetwork() {
        mustRun(List.of("ip", "netns", "add", NAMESPACE));
        mustRun(List.of(
                "ip", "link", "add", HOST_END, "type", "veth", "peer", "name", NAMESPACE_END, "netns", NAMESPACE));
        mustRun(List.of("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", HOST_END));
        mustRun(List.of("ip", "link", "set", HOST_END, "up"));
        mustRun(List.of(
                "ip", "netns", "exec", NAMESPACE, "ip", "addr", "add", NAS_ADDRESS + "/30", "dev", NAMESPACE_END));
        mustRun(List.of("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", NAMESPACE_END, "up"));
        mustRun(List.of("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up"));
    }

    private static void removeNetwork() {
        // Deleting one end of a veth removes both; the namespace goes by its name.
        run(List.of("ip", "link", "del", HOST_END), 10);
        run(List.of("ip", "netns", "del", NAMESPACE), 10);
    }

    /** Until the gateway answers a Status-Server from the namespace (it has read the clients file), at most 30 s. */
    private static void awaitNasKnown(Path secretFile) {
        Result status = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            status = run(
                    List.of(
                            "ip",
                            "netns",
                            "exec",
                            NAMESPACE,
                            "radclient",
                            "-r",
                            "1",
                            "-t",
                            "1",
                            "-S",
                            secretFile.toString(),
                            HOST_ADDRESS + ":" + stack.options().radiusAuthPort(),
                            "status"),
                    "Message-Authenticator = 0x00\n",
                    10);
            if (status.output().contains("Received Access-Accept")) {
                return;
            }
        }
        throw new AssertionError("the gateway did not learn the eapol_test NAS within 30 attempts: " + status.output());
    }

    private static void mustRun(List<String> command) {
        Result result = run(command, 10);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + result.output());
        }
    }

    private static Result run(List<String> command, int timeoutSeconds) {
        return run(command, "", timeoutSeconds);
    }

    /** Runs a command with {@code input} on its standard input and a deadline; past it, the process is killed by its PID. */
    private static Result run(List<String> command, String input, int timeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            // Read while it runs: a full pipe would hold the process.
            java.util.concurrent.CompletableFuture<byte[]> output =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return process.getInputStream().readAllBytes();
                        } catch (IOException e) {
                            return new byte[0];
                        }
                    });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("output of " + command.get(0) + " unreadable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    private static void writePrivate(Path file, String content) {
        try {
            deleteQuietly(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
