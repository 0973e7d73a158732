package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real OpenVPN tunnel whose logins ZeroPIN checks: OpenVPN 2.6 (Debian package openvpn) as the
 * server with Debian's radiusplugin 2.1 (openvpn-auth-radius) pointing at the packaged product, and
 * OpenVPN clients that present User ID and OTP ({@code auth-user-pass}) besides their certificates.
 * The server and its radiusplugin configuration are the ones docs/vpn/openvpn.md shows.
 *
 * <p>The server runs in a network namespace joined to the host by a veth pair (the gateway listens
 * on the host end only); each client runs in its own namespace joined to the server's by another
 * veth pair; the tunnel uses another 10.x/24. Certificates and keys are generated here, at run time.
 * Every OpenVPN is stopped by its PID (with the processes radiusplugin forked), the veths and
 * namespaces are removed by name.
 */
class OpenVpnTunnelTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PLUGIN = "/usr/lib/openvpn/radiusplugin.so";
    private static final String NAS = "openvpn-1";
    private static final String TUNNEL_NETWORK = "10." + (150 + RANDOM.nextInt(50)) + "." + RANDOM.nextInt(256);
    private static final String SERVER_TUNNEL_ADDRESS = TUNNEL_NETWORK + ".1";
    private static final String CONNECTED = "Initialization Sequence Completed";
    private static final String REFUSED = "AUTH_FAILED";
    /** What radiusplugin logs when no answer came back within its waits. */
    private static final String NO_RESPONSE = "Got no response from radius server";

    private static NetnsLab lab;
    private static LocalStack stack;
    private static Path work;
    private static NetnsLab.Daemon server;
    private static final List<Client> CLIENTS = new ArrayList<>();

    /** A client namespace: its name, the server's address on its veth, its certificate. */
    private record Client(String namespace, String serverAddress, String name) {}

    @BeforeAll
    static void startProductAndOpenVpnServer() throws IOException {
        for (String program : List.of("openvpn", "openssl", "radclient", "ping")) {
            assertThat(NetnsLab.onPath(program))
                    .as(program + " is missing: ./zeropin test installs it (openvpn, openvpn-auth-radius, "
                            + "openssl, freeradius-utils, iputils-ping)")
                    .isTrue();
        }
        assertThat(Path.of(PLUGIN))
                .as("radiusplugin is missing: ./zeropin test installs it (apt-get install openvpn-auth-radius)")
                .exists();
        lab = new NetnsLab("zpov");
        String serverNamespace = lab.addNamespace("s");
        NetnsLab.Link toGateway = lab.linkHost(serverNamespace);
        for (int i = 1; i <= 2; i++) {
            String namespace = lab.addNamespace("c" + i);
            NetnsLab.Link link = lab.link(serverNamespace, namespace);
            CLIENTS.add(new Client(namespace, link.address(), "client" + i));
        }

        Map<String, String> environment = new HashMap<>(Stacks.generousLimits());
        // The gateway listens on the host end of the veth only (a system property wins over the
        // environment variable that LocalStack sets for 127.0.0.1).
        environment.put("JAVA_TOOL_OPTIONS", "-Dgateway.radius.bind-address=" + toGateway.address());
        // radiusplugin 2.1 reads at most 4 digits of authport and acctport: free ports below 10000.
        int authPort = fourDigitUdpPort(toGateway.address(), 0);
        int acctPort = fourDigitUdpPort(toGateway.address(), authPort);
        LocalStackOptions options = Stacks.freshOptions("openvpn").withEnvironment(environment);
        stack = new LocalStack(options.withPorts(
                        options.registrationPort(), options.otpPort(), options.gatewayHttpPort(), authPort, acctPort))
                .start();
        work = Files.createTempDirectory(stack.radiusClientsFile().getParent(), "openvpn-");
        String secret = NasClients.randomSecret(32);
        Path secretFile = work.resolve("nas.secret");
        NetnsLab.writePrivate(secretFile, secret);
        // radiusplugin sends no Message-Authenticator: the legacy exemption, for this NAS only.
        NasClients.writeClientsFile(
                stack,
                List.of(NasClients.entry(
                        NAS, toGateway.peerAddress() + "/32", secretFile, LocalStack.DEMO_PROJECT, false)));
        NetnsLab.awaitNasKnown(
                serverNamespace, toGateway.address(), stack.options().radiusAuthPort(), secretFile);

        generateCertificates();
        NetnsLab.mustRun(List.of(
                "openvpn",
                "--genkey",
                "auth-token",
                work.resolve("auth-token.key").toString()));
        Path serverConfig = work.resolve("server.conf");
        Files.writeString(serverConfig, """
                port 1194
                proto udp4
                dev tun
                topology subnet
                server %1$s.0 255.255.255.0
                ca %2$s/ca.crt
                cert %2$s/server.crt
                key %2$s/server.key
                dh none
                plugin %3$s %2$s/radiusplugin.cnf
                auth-gen-token 43200
                auth-gen-token-secret %2$s/auth-token.key
                verb 3
                """.formatted(TUNNEL_NETWORK, work, PLUGIN));
        NetnsLab.writePrivate(work.resolve("radiusplugin.cnf"), """
                NAS-Identifier=%1$s
                Service-Type=5
                Framed-Protocol=1
                NAS-Port-Type=5
                NAS-IP-Address=%2$s
                OpenVPNConfig=%3$s
                subnet=255.255.255.0
                server
                {
                    acctport=%4$d
                    authport=%5$d
                    name=%6$s
                    retry=2
                    wait=5
                    sharedsecret=%7$s
                }
                """.formatted(
                        NAS,
                        toGateway.peerAddress(),
                        serverConfig,
                        stack.options().radiusAcctPort(),
                        stack.options().radiusAuthPort(),
                        toGateway.address(),
                        secret));
        server = NetnsLab.start(
                List.of("ip", "netns", "exec", serverNamespace, "openvpn", "--config", serverConfig.toString()),
                work.resolve("server.log"));
        assertThat(server.awaitAny(Duration.ofSeconds(30), CONNECTED))
                .as("the OpenVPN server did not start:\n%s", server.output())
                .isEqualTo(CONNECTED);
    }

    @AfterAll
    static void stopEverything() {
        NetnsLab.closeAll(server, stack, lab);
    }

    @Test
    void aFreshOtpBringsTheTunnelUpAndTheSameOtpFromAnotherClientIsRefused() {
        String userId = Users.newUserId();
        String otp = lab.freshOtp(stack, userId);
        double acceptedBefore = count("zeropin_radius_accepted_total", Map.of("nas", NAS, "method", "PAP"));
        double rejectedBefore = count("zeropin_radius_rejected_total", Map.of("nas", NAS));
        double accountingBefore = count("zeropin_radius_accounting_total", Map.of("nas", NAS, "outcome", "answered"));

        try (NetnsLab.Daemon first = connect(CLIENTS.get(0), userId, otp)) {
            String outcome = first.awaitAny(Duration.ofSeconds(40), CONNECTED, REFUSED);

            assertThat(outcome)
                    .as("client:\n%s\nserver:\n%s", first.output(), server.output())
                    .isEqualTo(CONNECTED);
            assertThat(ping(CLIENTS.get(0)))
                    .as("a ping through the tunnel to the server")
                    .isZero();
            assertThat(count("zeropin_radius_accepted_total", Map.of("nas", NAS, "method", "PAP")))
                    .isEqualTo(acceptedBefore + 1);

            NetnsLab.Result reused = connectOnce(CLIENTS.get(1), userId, otp);

            assertThat(reused.output())
                    .as("the same OTP from another client")
                    .contains(REFUSED)
                    .doesNotContain(CONNECTED);
            assertThat(count("zeropin_radius_rejected_total", Map.of("nas", NAS)))
                    .as("refused by the gateway, not by a timeout")
                    .isGreaterThan(rejectedBefore);
            // radiusplugin sent an Accounting-Start at client-connect and got its answer, and the
            // tunnel is still there after the Accept.
            assertThat(count("zeropin_radius_accounting_total", Map.of("nas", NAS, "outcome", "answered")))
                    .isGreaterThan(accountingBefore);
            assertThat(first.isAlive()).as(first.output()).isTrue();
            assertThat(first.output()).doesNotContain(REFUSED);
            assertThat(ping(CLIENTS.get(0)))
                    .as("the tunnel is still up after the other client's refusal")
                    .isZero();
            assertThat(server.output()).doesNotContain(NO_RESPONSE);
        }
    }

    @Test
    void aWrongOtpIsRefused() {
        String userId = Users.newUserId();
        String wrong = NetnsLab.otherThan(lab.freshOtp(stack, userId));
        double rejectedBefore = count("zeropin_radius_rejected_total", Map.of("nas", NAS));

        NetnsLab.Result refused = connectOnce(CLIENTS.get(1), userId, wrong);

        assertThat(refused.output()).contains(REFUSED).doesNotContain(CONNECTED);
        assertThat(count("zeropin_radius_rejected_total", Map.of("nas", NAS)))
                .as("refused by the gateway, not by a timeout")
                .isGreaterThan(rejectedBefore);
        assertThat(server.output()).doesNotContain(NO_RESPONSE);
    }

    /** Starts an OpenVPN client in {@code client}'s namespace with User ID and OTP in a 0600 file. */
    private static NetnsLab.Daemon connect(Client client, String userId, String otp) {
        return NetnsLab.start(clientCommand(client, userId, otp), work.resolve(client.name() + ".log"));
    }

    /** A client that is expected to be refused: it gives up at AUTH_FAILED ({@code auth-retry none}). */
    private static NetnsLab.Result connectOnce(Client client, String userId, String otp) {
        return NetnsLab.run(clientCommand(client, userId, otp), 60);
    }

    private static List<String> clientCommand(Client client, String userId, String otp) {
        Path credentials = work.resolve(client.name() + ".credentials");
        NetnsLab.writePrivate(credentials, userId + "\n" + otp + "\n");
        Path config = work.resolve(client.name() + ".ovpn");
        try {
            Files.writeString(config, """
                    client
                    dev tun
                    proto udp4
                    remote %1$s 1194
                    nobind
                    ca %2$s/ca.crt
                    cert %2$s/%3$s.crt
                    key %2$s/%3$s.key
                    remote-cert-tls server
                    auth-user-pass %4$s
                    auth-nocache
                    auth-retry none
                    verb 3
                    """.formatted(client.serverAddress(), work, client.name(), credentials));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of("ip", "netns", "exec", client.namespace(), "openvpn", "--config", config.toString());
    }

    private static int ping(Client client) {
        return NetnsLab.run(
                        List.of(
                                "ip",
                                "netns",
                                "exec",
                                client.namespace(),
                                "ping",
                                "-c",
                                "1",
                                "-W",
                                "2",
                                SERVER_TUNNEL_ADDRESS),
                        10)
                .exitCode();
    }

    /** A UDP port from 2000 to 9999, other than {@code other}, that is free on {@code address}: at most 50 tries. */
    private static int fourDigitUdpPort(String address, int other) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = 2000 + RANDOM.nextInt(8000);
            if (port == other) {
                continue;
            }
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port))) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // Taken: try another one.
            }
        }
        throw new AssertionError("no free UDP port below 10000 on " + address);
    }

    private static double count(String metric, Map<String, String> labels) {
        return Metrics.sum(stack.gateway(), metric, labels);
    }

    /** A CA, a server certificate (serverAuth) and one client certificate (clientAuth) per client, EC P-256, one day. */
    private static void generateCertificates() throws IOException {
        newKey("ca", "ca.crt", "/CN=ZeroPIN test CA", "-x509", "-days", "1");
        Files.writeString(
                work.resolve("server.ext"),
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
        Files.writeString(
                work.resolve("client.ext"),
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n");
        issue("server", "server.ext");
        for (Client client : CLIENTS) {
            issue(client.name(), "client.ext");
        }
    }

    /** A key and certificate for {@code name}, signed by the CA, with the extensions of {@code extensions}. */
    private static void issue(String name, String extensions) {
        newKey(name, name + ".csr", "/CN=" + name);
        NetnsLab.mustRun(List.of(
                "openssl",
                "x509",
                "-req",
                "-in",
                file(name + ".csr"),
                "-CA",
                file("ca.crt"),
                "-CAkey",
                file("ca.key"),
                "-CAcreateserial",
                "-out",
                file(name + ".crt"),
                "-days",
                "1",
                "-extfile",
                file(extensions)));
    }

    /** {@code openssl req} with a new EC P-256 key in {@code <name>.key}: a request, or with -x509 a self-signed certificate. */
    private static void newKey(String name, String output, String subject, String... mode) {
        List<String> command = new ArrayList<>(List.of("openssl", "req"));
        command.addAll(List.of(mode));
        command.addAll(List.of(
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                file(name + ".key"),
                "-out",
                file(output),
                "-subj",
                subject));
        NetnsLab.mustRun(command);
    }

    private static String file(String name) {
        return work.resolve(name).toString();
    }
}
