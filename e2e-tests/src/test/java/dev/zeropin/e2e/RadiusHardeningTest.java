package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.NasClients.StaticClient;
import dev.zeropin.e2e.RadiusMessage.Attribute;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.e2e.RadiusTestClient.Request;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the gateway must not answer, against the packaged product: no Message-Authenticator, a wrong
 * secret, an unknown source, a legacy client's Proxy-State without Message-Authenticator, malformed
 * datagrams. Each is dropped silently, the listener keeps serving, and nothing is verified (the OTP
 * still works afterwards). And one OTP raced by fifty requests is accepted exactly once.
 */
class RadiusHardeningTest {

    private static final Duration ANSWER = Duration.ofSeconds(5);
    private static final Duration SILENCE = Duration.ofSeconds(2);

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("radius-hardening");

    private static Nas local;
    private static Nas legacy;

    @BeforeAll
    static void startProduct() {
        local = NasClients.local(product.stack());
        legacy = NasClients.writeStaticClients(
                        product.stack(),
                        List.of(new StaticClient("legacy", "127.0.0.3/32", LocalStack.DEMO_PROJECT, false)))
                .get(0);
    }

    private static int port() {
        return product.stack().options().radiusAuthPort();
    }

    private record UserWithOtp(String userId, String otp) {}

    private static UserWithOtp newUserWithOtp() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(product.stack(), userId, 8642);
        return new UserWithOtp(
                userId, Users.client(product.stack()).obtainOtp(identity, 8642).code());
    }

    private static RadiusTestClient nas(Nas nas) {
        return new RadiusTestClient(nas.sourceAddress(), NasClients.authAddress(product.stack()), nas.secret());
    }

    private static double dropped(String reasonFragment) {
        String text = Metrics.scrape(product.stack().gateway());
        return text.lines()
                .filter(line -> line.startsWith("zeropin_radius_dropped_total{"))
                .filter(line -> reasonFragment == null || line.contains(reasonFragment))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aRequestWithoutMessageAuthenticatorGetsNoAnswerAndVerifiesNothing() {
        UserWithOtp user = newUserWithOtp();
        double missingBefore = Metrics.sum(
                product.stack().gateway(),
                "zeropin_radius_message_authenticator_missing_total",
                Map.of("nas", "local"));

        Radclient.Result answer = Radclient.authenticate(
                port(),
                local.secretFile(),
                "User-Name = \"" + user.userId() + "\", User-Password = \"" + user.otp() + "\"",
                2);

        assertThat(answer.unanswered()).as(answer.output()).isTrue();
        assertThat(Metrics.sum(
                        product.stack().gateway(),
                        "zeropin_radius_message_authenticator_missing_total",
                        Map.of("nas", "local")))
                .isEqualTo(missingBefore + 1);
        assertThat(Radclient.pap(port(), local.secretFile(), user.userId(), user.otp())
                        .accepted())
                .as("the OTP was not consumed")
                .isTrue();
    }

    @Test
    void aWrongSecretGetsNoAnswerAndVerifiesNothing() throws Exception {
        UserWithOtp user = newUserWithOtp();
        Path wrongSecret = Files.createTempFile(product.stack().options().dataDirectory(), "wrong", ".secret");
        Files.writeString(wrongSecret, NasClients.randomSecret(32), StandardCharsets.UTF_8);

        Radclient.Result answer = Radclient.authenticate(
                port(),
                wrongSecret,
                "User-Name = \"" + user.userId() + "\", User-Password = \"" + user.otp()
                        + "\", Message-Authenticator = 0x00",
                2);

        assertThat(answer.unanswered()).as(answer.output()).isTrue();
        assertThat(Radclient.pap(port(), local.secretFile(), user.userId(), user.otp())
                        .accepted())
                .isTrue();
    }

    @Test
    void anUnknownSourceGetsNoAnswerAndIsReportedAsADrop() {
        UserWithOtp user = newUserWithOtp();
        double before = dropped("unknown_client");

        try (RadiusTestClient stranger =
                        new RadiusTestClient("127.0.0.2", NasClients.authAddress(product.stack()), local.secret());
                TopicReader events = TopicReader.of(product.stack().kafka().bootstrapServers(), Topics.RADIUS_EVENTS)) {
            assertThat(stranger.exchange(stranger.papRequest(user.userId(), user.otp(), true, List.of()), SILENCE))
                    .isEmpty();
            assertThat(stranger.exchange(stranger.statusServer(), SILENCE)).isEmpty();

            assertThat(dropped("unknown_client")).isGreaterThanOrEqualTo(before + 2);
            events.await(
                    r -> r.value().contains("\"radius.packet-dropped\"")
                            && r.value().contains("127.0.0.2")
                            && r.value().contains("unknown_client"),
                    1,
                    Duration.ofSeconds(30));
        }
        assertThat(Radclient.pap(port(), local.secretFile(), user.userId(), user.otp())
                        .accepted())
                .isTrue();
    }

    @Test
    void aLegacyClientMayOmitTheMessageAuthenticatorButNotWithProxyState() {
        try (RadiusTestClient nas = nas(legacy)) {
            Request withProxyState = nas.papRequest(
                    "legacy@example.com",
                    "123456",
                    false,
                    List.of(new Attribute(RadiusMessage.PROXY_STATE, "hop".getBytes(StandardCharsets.US_ASCII))));
            assertThat(nas.exchange(withProxyState, SILENCE))
                    .as("limit Proxy-State")
                    .isEmpty();

            Answer plain = nas.exchange(nas.papRequest("legacy@example.com", "123456", false, List.of()), ANSWER)
                    .orElseThrow();
            assertThat(plain.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(plain.messageAuthenticatorFirst()).isTrue();
            assertThat(plain.messageAuthenticatorValid()).isTrue();
        }
    }

    @Test
    void malformedDatagramsAreDroppedAndTheNextGoodRequestIsAnswered() {
        double before = dropped(null);
        try (RadiusTestClient nas = nas(local)) {
            Request good = nas.papRequest("someone@example.com", "123456", true, List.of());
            byte[] bytes = good.bytes();
            List<byte[]> malformed = new ArrayList<>();
            malformed.add(HexFormat.of().parseHex("00010014" + "00".repeat(16))); // code 0
            malformed.add(withCode(bytes, 99)); // unknown code
            malformed.add(java.util.Arrays.copyOf(bytes, bytes.length - 5)); // shorter than its Length field
            malformed.add(java.util.Arrays.copyOf(bytes, 12)); // shorter than a header
            malformed.add(new byte[0]); // empty
            malformed.add(new byte[5000]); // larger than 4096
            malformed.add(withAttributeLength(bytes, 0)); // attribute length 0
            malformed.add(withAttributeLength(bytes, 1)); // attribute length 1
            malformed.add(withAttributeLength(bytes, 250)); // attribute beyond the packet
            malformed.add(withLengthField(bytes, 19)); // Length field below the header size
            malformed.add(shortPassword(nas)); // User-Password of 15 octets
            malformed.add("GET / HTTP/1.1\r\nHost: radius\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // garbage
            malformed.add(RadiusTestClient.randomBytes(300)); // noise

            for (byte[] packet : malformed) {
                nas.send(packet);
            }
            assertThat(nas.receiveAny(SILENCE))
                    .as("no answer to any malformed datagram")
                    .isEmpty();

            Optional<Answer> answer =
                    nas.exchange(nas.papRequest("someone@example.com", "123456", true, List.of()), ANSWER);
            assertThat(answer).isPresent();
            assertThat(answer.get().code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(nas.exchange(nas.statusServer(), ANSWER)).isPresent();
        }
        assertThat(dropped(null)).isGreaterThanOrEqualTo(before + 12);
        assertThat(product.stack().gateway().readiness()).isEqualTo(200);
    }

    private static byte[] withCode(byte[] packet, int code) {
        byte[] copy = packet.clone();
        copy[0] = (byte) code;
        return copy;
    }

    private static byte[] withLengthField(byte[] packet, int length) {
        byte[] copy = packet.clone();
        copy[2] = (byte) (length >> 8);
        copy[3] = (byte) length;
        return copy;
    }

    /** The first attribute (after the header) with another length octet. */
    private static byte[] withAttributeLength(byte[] packet, int length) {
        byte[] copy = packet.clone();
        copy[21] = (byte) length;
        return copy;
    }

    private static byte[] shortPassword(RadiusTestClient nas) {
        return nas.accessRequest(List.of(
                        new Attribute(RadiusMessage.MESSAGE_AUTHENTICATOR, new byte[16]),
                        Attribute.text(RadiusMessage.USER_NAME, "someone@example.com"),
                        new Attribute(RadiusMessage.USER_PASSWORD, RadiusTestClient.randomBytes(15))))
                .bytes();
    }

    @Test
    void fiftyConcurrentRequestsWithOneOtpGetExactlyOneAccept() {
        UserWithOtp user = newUserWithOtp();
        try (RadiusTestClient nas = nas(local)) {
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                requests.add(nas.papRequest(user.userId(), user.otp(), true, List.of()));
            }
            assertThat(requests.stream().map(Request::identifier).distinct()).hasSize(50);

            requests.forEach(request -> nas.send(request.bytes()));
            Map<Integer, List<Answer>> answers = nas.receiveAll(requests, Duration.ofSeconds(15));

            assertThat(answers).as("every request answered").hasSize(50);
            List<Integer> codes =
                    answers.values().stream().map(list -> list.get(0).code()).toList();
            assertThat(codes.stream().filter(code -> code == RadiusMessage.ACCESS_ACCEPT))
                    .hasSize(1);
            assertThat(codes.stream().filter(code -> code == RadiusMessage.ACCESS_REJECT))
                    .hasSize(49);
        }
    }
}
