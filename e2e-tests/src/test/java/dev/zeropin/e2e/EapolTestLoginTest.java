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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    private static TestNetwork network;
    private static LocalStack stack;
    private static Path work;
    private static String secret;

    @BeforeAll
    static void startProductBehindAVeth() throws IOException {
        assertThat(Commands.onPath("eapol_test"))
                .as("eapol_test is missing: ./zeropin test installs it (apt-get install eapoltest)")
                .isTrue();
        network = TestNetwork.create("zpeap", "zpe");
        stack = Stacks.startBehind(network, "eapol-test");
        work = Files.createTempDirectory(stack.radiusClientsFile().getParent(), "eapol-");
        secret = NasClients.randomSecret(32);
        Path secretFile = work.resolve("nas.secret");
        Commands.writePrivate(secretFile, secret);
        // eapol_test in the namespace, and the relay of the replica test on the host end (same secret).
        String clients =
                """
                {"clients":[{"name":"eapol-nas","address":"%1$s/32","secretFile":"%3$s","project":"%4$s",\
                "requireMessageAuthenticator":true},{"name":"eapol-relay","address":"%2$s/32","secretFile":"%3$s",\
                "project":"%4$s","requireMessageAuthenticator":true}]}""".formatted(network.namespaceAddress(), network.hostAddress(), secretFile, LocalStack.DEMO_PROJECT);
        NasClients.replaceClientsFile(stack, clients);
        awaitNasKnown(secretFile);
    }

    @AfterAll
    static void stopProductAndNetwork() {
        Stacks.stopBehind(stack, network);
    }

    @Test
    void eapGtcWithAFreshOtpSucceedsOnceAndFailsAgainFromAnotherEndpointAndWithAWrongOtp() {
        String userId = Users.newUserId();
        String otp = freshOtp(userId);

        Commands.Result first = eapolTest("GTC", userId, otp, "02:00:00:00:00:01");
        Commands.Result reused = eapolTest("GTC", userId, otp, "02:00:00:00:00:02");
        Commands.Result wrong = eapolTest("GTC", userId, otherThan(freshOtp(userId)), "02:00:00:00:00:03");

        assertThat(succeeded(first)).as(first.output()).isTrue();
        assertThat(succeeded(reused)).as(reused.output()).isFalse();
        assertThat(reused.output()).contains("EAP-Failure").contains("Access-Reject");
        assertThat(succeeded(wrong)).as(wrong.output()).isFalse();
        assertThat(wrong.output()).contains("EAP-Failure");
    }

    @Test
    void eapMsChapV2WithAFreshOtpSucceedsWithMatchingMppeKeysAndFailsWithTheSameOtpAgain() {
        String userId = Users.newUserId();
        String otp = freshOtp(userId);

        Commands.Result first = eapolTest("MSCHAPV2", userId, otp, "02:00:00:00:00:11");
        Commands.Result reused = eapolTest("MSCHAPV2", userId, otp, "02:00:00:00:00:11");
        Commands.Result wrong = eapolTest("MSCHAPV2", userId, otherThan(freshOtp(userId)), "02:00:00:00:00:12");

        assertThat(succeeded(first)).as(first.output()).isTrue();
        assertThat(first.output())
                .as("the MS-MPPE keys of the Accept equal the MSK the peer derived")
                .contains("MPPE keys OK: 1  mismatch: 0");
        assertThat(first.output()).as("GTC offered first, Nak to MSCHAPv2").contains("EAP-MSCHAPV2");
        assertThat(succeeded(reused)).as(reused.output()).isFalse();
        assertThat(succeeded(wrong)).as(wrong.output()).isFalse();
    }

    @Test
    void eapMsChapV2CompletesWhenEveryRoundReachesAnotherGatewayReplica() throws Exception {
        int secondPort = LocalStackOptions.freeUdpPort();
        stack.startExtraGateway(LocalStackOptions.freePort(), secondPort, LocalStackOptions.freeUdpPort());
        String userId = Users.newUserId();
        String otp = freshOtp(userId);
        try (RoundRobinRelay relay = new RoundRobinRelay(List.of(stack.options().radiusAuthPort(), secondPort))) {

            Commands.Result result = eapolTest("MSCHAPV2", userId, otp, "02:00:00:00:00:21", relay.port());

            assertThat(succeeded(result)).as(result.output()).isTrue();
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
            InetAddress host = InetAddress.getByName(network.hostAddress());
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
                            new InetSocketAddress(network.hostAddress(), replicas.get(replica))));
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

    private static boolean succeeded(Commands.Result result) {
        return result.exitCode() == 0 && result.output().strip().endsWith("SUCCESS");
    }

    /** One eapol_test run in the namespace; {@code method} is GTC or MSCHAPV2. */
    private static Commands.Result eapolTest(String method, String userId, String password, String mac) {
        return eapolTest(method, userId, password, mac, stack.options().radiusAuthPort());
    }

    private static Commands.Result eapolTest(String method, String userId, String password, String mac, int port) {
        Path config = work.resolve("eapol-" + method + "-" + port + ".conf");
        Commands.writePrivate(config, """
                network={
                    key_mgmt=IEEE8021X
                    eap=%s
                    identity="%s"
                    password="%s"
                }
                """.formatted(method, userId, password));
        List<String> command = new ArrayList<>(network.inside(
                "eapol_test",
                "-c",
                config.toString(),
                "-a",
                network.hostAddress(),
                "-p",
                String.valueOf(port),
                "-s",
                secret,
                "-A",
                network.namespaceAddress(),
                "-M",
                mac,
                "-t",
                "15"));
        if (method.equals("GTC")) {
            // EAP-GTC derives no key: no MS-MPPE keys are expected.
            command.add("-n");
        }
        try {
            return Commands.run(command, 30);
        } finally {
            Commands.deleteQuietly(config);
        }
    }

    /** Until the gateway answers a Status-Server from the namespace (it has read the clients file), at most 30 s. */
    private static void awaitNasKnown(Path secretFile) {
        Commands.Result status = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            status = Commands.run(
                    network.inside(
                            "radclient",
                            "-r",
                            "1",
                            "-t",
                            "1",
                            "-S",
                            secretFile.toString(),
                            network.hostAddress() + ":" + stack.options().radiusAuthPort(),
                            "status"),
                    "Message-Authenticator = 0x00\n",
                    10);
            if (status.output().contains("Received Access-Accept")) {
                return;
            }
        }
        throw new AssertionError("the gateway did not learn the eapol_test NAS within 30 attempts: " + status.output());
    }
}
