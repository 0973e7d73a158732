package dev.zeropin.gateway.radius;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.zeropin.gateway.GatewayTestResources;
import dev.zeropin.gateway.InjectRadius;
import dev.zeropin.gateway.RadiusFixture;
import dev.zeropin.infra.keys.CertificateAuthority;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.RadiusTestClient;
import dev.zeropin.infra.testing.RadiusTestClient.Answer;
import dev.zeropin.infra.testing.RadiusTestClient.Request;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RADIUS over TLS against the running gateway with a real TLS client: mutual TLS, the NAS
 * recognised by its certificate, the same request path as UDP, and every kind of bad peer closed
 * without harming the listener (each test ends with a good login over RadSec).
 */
@QuarkusTest
@GatewayTestResources
class RadSecListenerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RadSecListener listener;

    @InjectRadius
    RadiusFixture radius;

    @InjectKeys
    KeyRing keys;

    /** Builds packets signed with the RadSec secret (its UDP socket stays unused). */
    private final RadiusTestClient packets = new RadiusTestClient(new InetSocketAddress("127.0.0.1", 9), "radsec");

    @AfterEach
    void normalOtpService() {
        radius.otpService().reset();
    }

    private CertificateAuthority ca() throws IOException {
        return CertificateAuthority.fromPem(
                Files.readString(keys.file(KeyRing.RADSEC_CA_CERTIFICATE)),
                Files.readString(keys.file(KeyRing.RADSEC_CA_KEY)));
    }

    private CertificateAuthority.Issued nasCertificate() throws IOException {
        return ca().issue(RadiusFixture.RADSEC_NAS_SUBJECT, List.of(), false);
    }

    private RadSecTestClient connect(CertificateAuthority.Issued identity) throws IOException {
        return RadSecTestClient.connect(
                listener.port(), identity, Files.readString(keys.file(KeyRing.RADSEC_CA_CERTIFICATE)));
    }

    private Answer exchange(RadSecTestClient client, Request request) throws IOException {
        client.write(request.bytes());
        byte[] answer = client.read(4000).orElseThrow(() -> new AssertionError("connection closed, no answer"));
        return packets.verify(answer, request);
    }

    private static String freshOtp() {
        return String.valueOf(100000 + RANDOM.nextInt(900000));
    }

    /** A new connection with a valid certificate and a PAP login with a fresh OTP: accepted. */
    private void assertAGoodLoginIsAccepted() throws IOException {
        String otp = freshOtp();
        radius.otpService().acceptPassword(otp);
        try (RadSecTestClient client = connect(nasCertificate())) {
            Answer answer = exchange(client, packets.pap("carol@example.com", otp));
            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
        }
    }

    /** True when a client presenting {@code identity} gets no answer: the handshake fails or the connection is closed. */
    private boolean refused(CertificateAuthority.Issued identity) {
        String otp = freshOtp();
        radius.otpService().acceptPassword(otp);
        try (RadSecTestClient client = connect(identity)) {
            client.write(packets.pap("dave@example.com", otp).bytes());
            return client.read(4000).isEmpty();
        } catch (IOException e) {
            // The handshake failed on the client's side too (TLS 1.2 reports the alert there).
            return true;
        }
    }

    @Test
    void acceptsAFreshOtpFromAClientCertificateOfTheDeclaredSubjectWithTheRadSecSecret() throws IOException {
        String otp = freshOtp();
        radius.otpService().acceptPassword(otp);
        try (RadSecTestClient client = connect(nasCertificate())) {
            Answer answer = exchange(client, packets.pap("Alice@Example.com", otp));

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
            assertThat(radius.otpService().requests()).hasSize(1);
            assertThat(radius.otpService().requests().get(0).at("/nas/nasName").asText())
                    .isEqualTo(RadiusFixture.RADSEC_NAS);

            Answer status = exchange(client, packets.statusServer());
            assertThat(status.code()).as("Status-Server over RadSec").isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            Answer accounting = exchange(client, packets.accounting(List.of()));
            assertThat(accounting.code())
                    .as("accounting on the same connection (RFC 6614 §2.3)")
                    .isEqualTo(RadiusTestClient.ACCOUNTING_RESPONSE);
            Answer wrong = exchange(client, packets.pap("Alice@Example.com", "000000"));
            assertThat(wrong.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
        }
        given().get("/q/metrics")
                .then()
                .body(containsString("zeropin_radsec_connections_total{outcome=\"accepted\"}"))
                .body(containsString("zeropin_radsec_packets_total{direction=\"in\"}"))
                .body(containsString("zeropin_radius_accepted_total{method=\"PAP\",nas=\"radsec-nas\"}"));
    }

    @Test
    void recognisesAClientByTheDnsNameInItsSubjectAltName() throws IOException {
        String otp = freshOtp();
        radius.otpService().acceptPassword(otp);
        CertificateAuthority.Issued byName =
                ca().issue("CN=some other name", List.of("DNS:" + RadiusFixture.RADSEC_NAS_DNS_NAME), false);
        try (RadSecTestClient client = connect(byName)) {
            assertThat(exchange(client, packets.pap("bob@example.com", otp)).code())
                    .isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
        }
    }

    @Test
    void closesAConnectionWhoseCertificateComesFromAnotherCa() throws IOException {
        CertificateAuthority stranger = CertificateAuthority.generate("CN=Somebody else's CA");

        assertThat(refused(stranger.issue(RadiusFixture.RADSEC_NAS_SUBJECT, List.of(), false)))
                .isTrue();

        assertThat(radius.otpService().requests()).isEmpty();
        assertFailedHandshakeCounted("untrusted_certificate");
        assertAGoodLoginIsAccepted();
    }

    @Test
    void closesAConnectionWithoutAClientCertificate() throws IOException {
        assertThat(refused(null)).isTrue();

        assertThat(radius.otpService().requests()).isEmpty();
        assertFailedHandshakeCounted("no_certificate");
        assertAGoodLoginIsAccepted();
    }

    @Test
    void closesAConnectionWhoseCertificateOfTheRightCaMatchesNoClient() throws IOException {
        CertificateAuthority.Issued unknown =
                ca().issue("CN=radsec-test-nas,O=Someone else", List.of("DNS:other.radsec.test"), false);

        assertThat(refused(unknown)).isTrue();

        assertThat(radius.otpService().requests()).isEmpty();
        assertFailedHandshakeCounted("unknown_client");
        assertAGoodLoginIsAccepted();
    }

    @Test
    void closesAConnectionThatSendsSomethingElseThanTls() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            byte[] garbage = new byte[600];
            RANDOM.nextBytes(garbage);
            garbage[0] = 0x47; // not a TLS record type
            socket.getOutputStream().write(garbage);
            socket.getOutputStream().flush();

            assertThat(RadSecTestClient.closedWithin(socket.getInputStream(), socket, 4000))
                    .isTrue();
        }
        assertFailedHandshakeCounted("not_tls");
        assertAGoodLoginIsAccepted();
    }

    @Test
    void closesAHandshakeThatDoesNotFinishInTime() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            long start = System.nanoTime();
            // A ClientHello's first octets, and then nothing.
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x01, 0x00});
            socket.getOutputStream().flush();

            assertThat(RadSecTestClient.closedWithin(socket.getInputStream(), socket, 5000))
                    .isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis)
                    .as("closed by the 1 s handshake timeout of the tests")
                    .isBetween(800L, 4000L);
        }
        assertFailedHandshakeCounted("timeout");
        assertAGoodLoginIsAccepted();
    }

    @Test
    void closesAConnectionThatSendsALengthOutsideTheRadiusLimitsAndAnswersNothingAfter() throws IOException {
        String otp = freshOtp();
        radius.otpService().acceptPassword(otp);
        try (RadSecTestClient client = connect(nasCertificate())) {
            Request good = packets.pap("erin@example.com", otp);
            byte[] bogus = new byte[] {1, 7, 0, 3};
            byte[] both = new byte[bogus.length + good.bytes().length];
            System.arraycopy(bogus, 0, both, 0, bogus.length);
            System.arraycopy(good.bytes(), 0, both, bogus.length, good.bytes().length);

            client.write(both);

            assertThat(client.read(4000))
                    .as("closed, the packet behind the bad length unanswered")
                    .isEmpty();
        }
        assertThat(radius.otpService().requests()).isEmpty();
        given().get("/q/metrics")
                .then()
                .body(containsString("zeropin_radsec_closed_total{reason=\"malformed_length\"}"));
        assertAGoodLoginIsAccepted();
    }

    @Test
    void readsAPacketThatArrivesInPiecesAndSeveralPacketsInOneWrite() throws IOException {
        String first = freshOtp();
        String second = freshOtp();
        radius.otpService().acceptPassword(first);
        radius.otpService().acceptPassword(second);
        try (RadSecTestClient client = connect(nasCertificate())) {
            Request one = packets.pap("frank@example.com", first);
            Request two = packets.pap("grace@example.com", second);
            byte[] bytes = new byte[one.bytes().length + two.bytes().length];
            System.arraycopy(one.bytes(), 0, bytes, 0, one.bytes().length);
            System.arraycopy(two.bytes(), 0, bytes, one.bytes().length, two.bytes().length);

            client.write(java.util.Arrays.copyOfRange(bytes, 0, 3));
            client.write(java.util.Arrays.copyOfRange(bytes, 3, bytes.length));

            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                byte[] answer = client.read(4000).orElseThrow();
                Request request = (answer[1] & 0xFF) == one.identifier() ? one : two;
                codes.add(packets.verify(answer, request).code());
            }
            assertThat(codes).containsExactly(RadiusTestClient.ACCESS_ACCEPT, RadiusTestClient.ACCESS_ACCEPT);
        }
    }

    @Test
    void requestsBeyondTheInFlightLimitWaitForAnAnswerInsteadOfBeingDropped() throws IOException {
        radius.otpService().delay(400);
        List<String> otps = List.of(freshOtp(), freshOtp(), freshOtp(), freshOtp(), freshOtp());
        otps.forEach(otp -> radius.otpService().acceptPassword(otp));
        try (RadSecTestClient client = connect(nasCertificate())) {
            List<Request> requests = new ArrayList<>();
            for (String otp : otps) {
                Request request = packets.pap("heidi@example.com", otp);
                requests.add(request);
                client.write(request.bytes());
            }

            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                byte[] answer = client.read(6000).orElseThrow(() -> new AssertionError("closed"));
                Request request = requests.stream()
                        .filter(candidate -> candidate.identifier() == (answer[1] & 0xFF))
                        .findFirst()
                        .orElseThrow();
                codes.add(packets.verify(answer, request).code());
            }
            // The limit of the tests is 2 in flight per connection: five requests, all answered.
            assertThat(codes).hasSize(5).containsOnly(RadiusTestClient.ACCESS_ACCEPT);
        }
    }

    @Test
    void refusesConnectionsBeyondTheLimitsAndServesAgainOnceTheyClose() throws Exception {
        List<RadSecTestClient> clients = new ArrayList<>();
        List<Socket> idle = new ArrayList<>();
        try {
            // Four identified connections: the per-client limit of the tests.
            for (int i = 0; i < 4; i++) {
                RadSecTestClient client = connect(nasCertificate());
                clients.add(client);
                assertThat(exchange(client, packets.statusServer()).code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            }
            assertThat(refused(nasCertificate()))
                    .as("a fifth connection of the same client")
                    .isTrue();
            given().get("/q/metrics")
                    .then()
                    .body(containsString("zeropin_radsec_connections_total{outcome=\"refused_client_limit\"}"));

            Thread.sleep(200);
            // Bare TCP connections up to the total limit (12 in the tests), and one more; each would
            // be closed by the handshake timeout (1 s) anyway, the last one is closed at once.
            for (int i = 0; i < 9; i++) {
                idle.add(new Socket("127.0.0.1", listener.port()));
            }
            Socket beyond = idle.get(idle.size() - 1);
            assertThat(RadSecTestClient.closedWithin(beyond.getInputStream(), beyond, 2000))
                    .as("the thirteenth connection is closed at once")
                    .isTrue();
            given().get("/q/metrics")
                    .then()
                    .body(containsString("zeropin_radsec_connections_total{outcome=\"refused_total_limit\"}"))
                    .body(containsString("zeropin_radsec_connections_open"));
        } finally {
            clients.forEach(RadSecTestClient::close);
            for (Socket socket : idle) {
                socket.close();
            }
        }
        Thread.sleep(300);
        assertAGoodLoginIsAccepted();
    }

    @Test
    void closesAConnectionThatStaysIdle() throws IOException {
        try (RadSecTestClient client = connect(nasCertificate())) {
            assertThat(exchange(client, packets.statusServer()).code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);

            assertThat(client.closedWithin(6000))
                    .as("closed after the 3 s idle timeout of the tests")
                    .isTrue();
        }
        given().get("/q/metrics").then().body(containsString("zeropin_radsec_closed_total{reason=\"idle\"}"));
    }

    private static void assertFailedHandshakeCounted(String reason) {
        given().get("/q/metrics")
                .then()
                .body(containsString("zeropin_radsec_handshakes_failed_total{reason=\"" + reason + "\"}"));
    }
}
