package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.infra.keys.CertificateAuthority;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RadSec (RADIUS over TLS, RFC 6614) with software nobody here wrote: Debian's {@code radsecproxy}
 * runs in a network namespace made by this test as the gateway's RadSec client, with a client
 * certificate, and FreeRADIUS's {@code radclient} sends it plain UDP RADIUS from the host end of
 * the veth. A valid certificate and a fresh OTP end in Access-Accept over TLS; a certificate of
 * another CA, or of the right CA with a subject no client declares, gets no Accept (the gateway
 * closes the connection).
 *
 * <p>The gateway listens on the host end of the veth only. Each radsecproxy is stopped by its PID;
 * the namespace and the veth are removed by name.
 */
class RadsecproxyLoginTest {

    private static final String NAS_SUBJECT = "CN=radsecproxy-e2e,O=ZeroPIN e2e";
    private static final int PIN = 2468;

    private static NetnsLab lab;
    private static String namespace;
    private static NetnsLab.Link link;
    private static LocalStack stack;
    private static Path work;
    private static Path udpSecretFile;
    private static StoredIdentity identity;

    @BeforeAll
    static void startProductBehindAVeth() throws IOException {
        assertThat(NetnsLab.onPath("radsecproxy"))
                .as("radsecproxy is missing: ./zeropin test installs it (apt-get install radsecproxy)")
                .isTrue();
        assertThat(NetnsLab.onPath("radclient"))
                .as("radclient is missing: ./zeropin test installs it (apt-get install freeradius-utils)")
                .isTrue();
        lab = new NetnsLab("zrsp");
        namespace = lab.addNamespace("p");
        link = lab.linkHost(namespace);
        stack = Stacks.startBehind(link.address(), "radsecproxy");
        work = Files.createTempDirectory(stack.radiusClientsFile().getParent(), "radsecproxy-");
        udpSecretFile = work.resolve("udp.secret");
        NetnsLab.writePrivate(udpSecretFile, NasClients.randomSecret(32));
        // A RadSec-only client: the namespace's address, recognised by its certificate's subject.
        String client = """
                {"name":"radsecproxy","address":"%s/32","project":"%s","radsec":{"subject":"%s"}}""".formatted(link.peerAddress(), LocalStack.DEMO_PROJECT, NAS_SUBJECT);
        NasClients.writeClientsFile(stack, List.of(client));
        awaitClientLoaded("radsecproxy " + link.peerAddress() + "/32");
        identity = Users.register(stack, Users.newUserId(), PIN);
    }

    @AfterAll
    static void stopProductAndNetwork() {
        NetnsLab.closeAll(stack, lab);
    }

    @Test
    void aValidClientCertificateAndAFreshOtpGetAnAccessAcceptOverTls() throws IOException {
        CertificateAuthority.Issued certificate = localCa().issue(NAS_SUBJECT, List.of(), false);
        String otp = Users.client(stack).obtainOtp(identity, PIN).code();

        Radclient.Result result;
        try (Radsecproxy proxy =
                Radsecproxy.start("valid", certificate, stack.keys().file(KeyRing.RADSEC_CA_CERTIFICATE))) {
            result = proxy.pap(identity.userId(), otp);
        }

        assertThat(result.accepted()).as(result.output()).isTrue();
        assertThat(result.output()).as("radsecproxy's log").contains("TLS connection to gateway");
        assertThat(metrics())
                .as("the Accept went out over RadSec, to the client the certificate named")
                .contains("zeropin_radius_accepted_total{method=\"PAP\",nas=\"radsecproxy\"}")
                .contains("zeropin_radsec_connections_total{outcome=\"accepted\"}");
    }

    @Test
    void aCertificateOfAnotherCaGetsNoAccept() throws IOException {
        CertificateAuthority stranger = CertificateAuthority.generate("CN=Not the gateway's CA");
        CertificateAuthority.Issued certificate = stranger.issue(NAS_SUBJECT, List.of(), false);
        String otp = Users.client(stack).obtainOtp(identity, PIN).code();

        Radclient.Result result;
        try (Radsecproxy proxy =
                Radsecproxy.start("stranger", certificate, stack.keys().file(KeyRing.RADSEC_CA_CERTIFICATE))) {
            result = proxy.pap(identity.userId(), otp);
        }

        assertThat(result.accepted()).as(result.output()).isFalse();
        assertThat(metrics()).contains("zeropin_radsec_handshakes_failed_total{reason=\"untrusted_certificate\"}");
    }

    @Test
    void aCertificateOfTheRightCaForAnotherSubjectGetsNoAccept() throws IOException {
        CertificateAuthority.Issued certificate =
                localCa().issue("CN=someone-else,O=ZeroPIN e2e", List.of("DNS:someone-else.example"), false);
        String otp = Users.client(stack).obtainOtp(identity, PIN).code();

        Radclient.Result result;
        try (Radsecproxy proxy =
                Radsecproxy.start("unknown", certificate, stack.keys().file(KeyRing.RADSEC_CA_CERTIFICATE))) {
            result = proxy.pap(identity.userId(), otp);
        }

        assertThat(result.accepted()).as(result.output()).isFalse();
        assertThat(metrics()).contains("zeropin_radsec_handshakes_failed_total{reason=\"unknown_client\"}");
    }

    /** The local mode's RadSec CA (it issued the gateway's certificate and issues NAS certificates). */
    private static CertificateAuthority localCa() throws IOException {
        return CertificateAuthority.fromPem(
                Files.readString(stack.keys().file(KeyRing.RADSEC_CA_CERTIFICATE)),
                Files.readString(stack.keys().file(KeyRing.RADSEC_CA_KEY)));
    }

    private static String metrics() {
        return given().baseUri(stack.gateway().baseUrl().toString())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** Until the gateway's log shows the clients file in force with {@code client}, at most 30 s. */
    private static void awaitClientLoaded(String client) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(stack.gateway().logFile()).contains(client)) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("the gateway did not load the RadSec client within 30 s: "
                + stack.gateway().logTail());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * One radsecproxy in the namespace: UDP on the namespace's address for radclient on the host,
     * TLS with {@code certificate} to the gateway's RadSec port on the host end. Stopped by its PID.
     */
    private static final class Radsecproxy implements AutoCloseable {
        private static final int UDP_PORT = 11812;

        private final Process process;
        private final Path log;

        private Radsecproxy(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Radsecproxy start(String name, CertificateAuthority.Issued certificate, Path gatewayCa)
                throws IOException {
            Path certificateFile = work.resolve(name + ".crt");
            Path keyFile = work.resolve(name + ".key");
            Path config = work.resolve(name + ".conf");
            // In the foreground radsecproxy logs to its standard output.
            Path log = work.resolve(name + ".out");
            Files.writeString(certificateFile, certificate.certificatePem());
            NetnsLab.writePrivate(keyFile, certificate.privateKeyPem());
            String secret = Files.readString(udpSecretFile).strip();
            // The gateway's certificate names radius-gateway (not the veth's address): checked by name.
            NetnsLab.writePrivate(config, """
                    ListenUDP %1$s:%2$d
                    LogLevel 4
                    tls zeropin {
                        CACertificateFile %3$s
                        CertificateFile %4$s
                        CertificateKeyFile %5$s
                    }
                    client radclient {
                        host %6$s
                        type udp
                        secret %7$s
                    }
                    server gateway {
                        host %6$s
                        port %8$d
                        type tls
                        tls zeropin
                        secret radsec
                        CertificateNameCheck off
                        MatchCertificateAttribute SubjectAltName:DNS:/^radius-gateway$/
                    }
                    realm * {
                        server gateway
                    }
                    """.formatted(
                            link.peerAddress(),
                            UDP_PORT,
                            gatewayCa,
                            certificateFile,
                            keyFile,
                            link.address(),
                            secret,
                            stack.radsecPort()));
            NetnsLab.Result check = NetnsLab.run(inside("radsecproxy", "-p", "-c", config.toString()), 10);
            assertThat(check.exitCode()).as("radsecproxy -p: " + check.output()).isZero();
            Process process = new ProcessBuilder(inside("radsecproxy", "-f", "-c", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Radsecproxy proxy = new Radsecproxy(process, log);
            proxy.awaitListening();
            return proxy;
        }

        /** Until its UDP port is bound in the namespace, at most 10 s. */
        private void awaitListening() {
            for (int attempt = 0; attempt < 50; attempt++) {
                NetnsLab.Result sockets = NetnsLab.run(inside("ss", "-uln"), 10);
                if (sockets.output().contains(link.peerAddress() + ":" + UDP_PORT)) {
                    return;
                }
                assertThat(process.isAlive())
                        .as("radsecproxy exited: " + logText())
                        .isTrue();
                sleep(200);
            }
            throw new AssertionError("radsecproxy did not listen within 10 s: " + logText());
        }

        Radclient.Result pap(String userId, String otp) {
            Radclient.Result result = Radclient.authenticate(
                    link.peerAddress(),
                    UDP_PORT,
                    udpSecretFile,
                    "User-Name = \"" + userId + "\", User-Password = \"" + otp + "\", Message-Authenticator = 0x00",
                    10);
            return new Radclient.Result(result.outcome(), result.output() + "\nradsecproxy log:\n" + logText());
        }

        private String logText() {
            try {
                return Files.exists(log) ? Files.readString(log) : "(no log)";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** {@code command} run inside the namespace of radsecproxy. */
    private static List<String> inside(String... command) {
        List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }
}
