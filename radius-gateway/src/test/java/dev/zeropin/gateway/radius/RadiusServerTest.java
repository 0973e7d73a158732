package dev.zeropin.gateway.radius;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.zeropin.events.Topics;
import dev.zeropin.gateway.GatewayTestResources;
import dev.zeropin.gateway.InjectRadius;
import dev.zeropin.gateway.RadiusFixture;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.RadiusTestClient;
import dev.zeropin.infra.testing.RadiusTestClient.Answer;
import dev.zeropin.infra.testing.RadiusTestClient.Attribute;
import dev.zeropin.infra.testing.RadiusTestClient.Request;
import dev.zeropin.infra.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@GatewayTestResources
class RadiusServerTest {

    private static final int EAP_MESSAGE = 79;

    private static final HexFormat HEX = HexFormat.of();

    @Inject
    RadiusListener listener;

    @InjectRadius
    RadiusFixture radius;

    @InjectKafkaBroker
    KafkaBroker broker;

    @AfterEach
    void normalOtpService() {
        radius.otpService().reset();
    }

    private InetSocketAddress auth() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.authPort());
    }

    private RadiusTestClient nas() {
        return new RadiusTestClient(auth(), radius.secret());
    }

    private RadiusTestClient client(String localAddress, String secret) throws Exception {
        return new RadiusTestClient(InetAddress.getByName(localAddress), auth(), secret);
    }

    @Test
    void acceptsAPapPasswordWithMessageAuthenticatorFirstAndProxyStateEchoedInOrder() {
        radius.otpService().acceptPassword("123456");
        try (RadiusTestClient nas = nas()) {
            Request request = nas.pap(
                    "Alice@Example.com",
                    "123456",
                    true,
                    List.of(Attribute.of(RadiusTestClient.PROXY_STATE, "first"), Attribute.of(33, "second")));

            Answer answer = nas.exchange(request, 3000).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
            assertThat(answer.values(RadiusTestClient.PROXY_STATE))
                    .extracting(value -> new String(value, StandardCharsets.UTF_8))
                    .containsExactly("first", "second");
            assertThat(answer.replyMessage()).isEqualTo("Welcome");
            assertThat(radius.otpService().requests()).hasSize(1);
            assertThat(radius.otpService().requests().get(0).path("clientId").asText())
                    .isEqualTo(RadiusFixture.PROJECT);
            assertThat(radius.otpService().requests().get(0).at("/nas/nasName").asText())
                    .isEqualTo(RadiusFixture.NAS);
        }
    }

    @Test
    void passesTheNasItsAddressTheCallingStationIdAndThePortInEveryVerification() {
        try (RadiusTestClient nas = nas()) {
            Request request = nas.pap(
                    "erin@example.com",
                    "000000",
                    true,
                    List.of(
                            Attribute.of(31, "198.51.100.7"),
                            Attribute.of(5, new byte[] {0, 0, 1, 2}),
                            Attribute.of(87, "tun7")));

            assertThat(nas.exchange(request, 3000).orElseThrow().code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(nas.exchange(nas.pap("erin@example.com", "000001"), 3000)
                            .orElseThrow()
                            .code())
                    .isEqualTo(RadiusTestClient.ACCESS_REJECT);
        }
        var reported = radius.otpService().requests().get(0).path("nas");
        assertThat(reported.path("nasName").asText()).isEqualTo(RadiusFixture.NAS);
        assertThat(reported.path("nasAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(reported.path("callingStationId").asText()).isEqualTo("198.51.100.7");
        assertThat(reported.path("nasPort").asLong()).isEqualTo(258);
        assertThat(reported.path("nasPortId").asText()).isEqualTo("tun7");
        var bare = radius.otpService().requests().get(1).path("nas");
        assertThat(bare.path("nasAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(bare.path("callingStationId").isTextual()).isFalse();
    }

    @Test
    void rejectsAWrongPasswordWithTheReplyMessageOfOtpService() {
        try (RadiusTestClient nas = nas()) {
            Answer answer =
                    nas.exchange(nas.pap("bob@example.com", "000000"), 3000).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
            assertThat(answer.replyMessage()).isEqualTo("Wrong or expired code");
        }
        given().get("/q/metrics")
                .then()
                .body(containsString(
                        "zeropin_radius_rejected_total{method=\"PAP\",nas=\"test-nas\",reason=\"invalid_otp\"}"))
                .body(containsString("zeropin_radius_latency_seconds_bucket{nas=\"test-nas\",result=\"reject\""));
    }

    @Test
    void rejectsEapWithAnEapFailureAndAReplyMessage() {
        try (RadiusTestClient nas = nas()) {
            // EAP-Response/MD5-Challenge with identifier 42 and no State: not a conversation this gateway began
            byte[] eap = new byte[] {2, 42, 0, 6, 4, 0};
            Answer answer = nas.exchange(
                            nas.accessRequest(
                                    List.of(
                                            Attribute.of(RadiusTestClient.USER_NAME, "eve@example.com"),
                                            Attribute.of(EAP_MESSAGE, eap)),
                                    true),
                            3000)
                    .orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
            assertThat(answer.values(EAP_MESSAGE)).singleElement().isEqualTo(new byte[] {4, 42, 0, 4});
            assertThat(answer.replyMessage()).contains("not understood");
        }
    }

    @Test
    void rejectsAnEmptyPasswordWithAReplyMessage() {
        try (RadiusTestClient nas = nas()) {
            Answer answer = nas.exchange(nas.pap("dave@example.com", ""), 3000).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(answer.replyMessage()).isEqualTo(RadiusServer.DEFAULT_REJECT_MESSAGE);
        }
    }

    @Test
    void acceptsChapAndPassesTheIdentifierChallengeAndResponse() throws Exception {
        try (RadiusTestClient nas = nas()) {
            Request request = nas.chap("carol@example.com", "654321");
            byte[] chapPassword = attributeValue(request.bytes(), RadiusTestClient.CHAP_PASSWORD);
            radius.otpService().acceptChapResponse(HEX.formatHex(chapPassword, 1, 17));

            Answer answer = nas.exchange(request, 3000).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            var sent = radius.otpService().requests().get(0);
            assertThat(sent.path("method").asText()).isEqualTo("CHAP");
            assertThat(sent.at("/credential/type").asText()).isEqualTo("chap");
            assertThat(sent.at("/credential/id").asInt()).isEqualTo(chapPassword[0] & 0xFF);
            assertThat(sent.at("/credential/challenge").binaryValue())
                    .isEqualTo(attributeValue(request.bytes(), RadiusTestClient.CHAP_CHALLENGE));
            assertThat(sent.at("/credential").has("password")).isFalse();
        }
    }

    @Test
    void answersMsChapV2WithSuccessAndEncryptedMppeKeys() throws Exception {
        RadiusTestClient.MsChapV2Peer peer = RadiusTestClient.msChapV2Peer("dave@example.com", "135790");
        String authenticatorResponse = RadiusTestClient.expectedAuthenticatorResponse(peer);
        byte[][] keys = RadiusTestClient.expectedServerMppeKeys(peer);
        radius.otpService()
                .acceptNtResponse(
                        HEX.formatHex(peer.ntResponse()),
                        authenticatorResponse,
                        HEX.formatHex(keys[0]),
                        HEX.formatHex(keys[1]));
        try (RadiusTestClient nas = nas()) {
            Request request = nas.msChapV2(peer, (byte) 42);

            Answer answer = nas.exchange(request, 3000).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            byte[] success = answer.microsoft(RadiusTestClient.MS_CHAP2_SUCCESS).orElseThrow();
            assertThat(success[0]).isEqualTo((byte) 42);
            assertThat(new String(success, 1, success.length - 1, StandardCharsets.US_ASCII))
                    .isEqualTo(authenticatorResponse);
            byte[] send = answer.microsoft(RadiusTestClient.MS_MPPE_SEND_KEY).orElseThrow();
            byte[] recv = answer.microsoft(RadiusTestClient.MS_MPPE_RECV_KEY).orElseThrow();
            assertThat(send).hasSize(34);
            assertThat(Arrays.copyOf(send, 2)).isNotEqualTo(Arrays.copyOf(recv, 2));
            assertThat(nas.decryptMppeKey(send, request)).isEqualTo(keys[0]);
            assertThat(nas.decryptMppeKey(recv, request)).isEqualTo(keys[1]);
            var sent = radius.otpService().requests().get(0);
            assertThat(sent.at("/credential/type").asText()).isEqualTo("mschapv2");
            assertThat(sent.at("/credential/userName").asText()).isEqualTo("dave@example.com");
            assertThat(sent.at("/credential/peerChallenge").binaryValue()).isEqualTo(peer.peerChallenge());
        }
    }

    @Test
    void rejectsAWrongMsChapV2ResponseWithMsChapError691() {
        RadiusTestClient.MsChapV2Peer peer = RadiusTestClient.msChapV2Peer("dave@example.com", "000000");
        try (RadiusTestClient nas = nas()) {
            Answer answer = nas.exchange(nas.msChapV2(peer, (byte) 7), 3000).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            byte[] error = answer.microsoft(RadiusTestClient.MS_CHAP_ERROR).orElseThrow();
            assertThat(error[0]).isEqualTo((byte) 7);
            assertThat(new String(error, 1, error.length - 1, StandardCharsets.US_ASCII))
                    .startsWith("E=691 R=0 C=");
        }
    }

    @Test
    void dropsAccessRequestsWithoutValidMessageAuthenticator() throws Exception {
        radius.otpService().acceptPassword("111111");
        try (RadiusTestClient nas = nas();
                RadiusTestClient wrongSecret = client("127.0.0.1", "a-wrong-but-long-secret-1234567");
                RadiusTestClient unknown = client("127.0.0.9", radius.secret())) {
            assertThat(nas.exchange(nas.pap("a@example.com", "111111", false, List.of()), 700))
                    .isEmpty();
            assertThat(wrongSecret.exchange(wrongSecret.pap("a@example.com", "111111"), 700))
                    .isEmpty();
            assertThat(unknown.exchange(unknown.pap("a@example.com", "111111"), 700))
                    .isEmpty();
        }
        assertThat(radius.otpService().requests()).isEmpty();
        given().get("/q/metrics")
                .then()
                .body(containsString(
                        "zeropin_radius_dropped_total{nas=\"test-nas\",reason=\"missing_message_authenticator\"}"))
                .body(containsString(
                        "zeropin_radius_dropped_total{nas=\"test-nas\",reason=\"bad_message_authenticator\"}"))
                .body(containsString("zeropin_radius_message_authenticator_missing_total{nas=\"test-nas\"}"));
    }

    @Test
    void aLegacyClientMayOmitMessageAuthenticatorButNotWithProxyState() throws Exception {
        radius.otpService().acceptPassword("222222");
        try (RadiusTestClient legacy = client("127.0.0.2", radius.legacySecret())) {
            assertThat(legacy.exchange(
                            legacy.pap(
                                    "a@example.com",
                                    "222222",
                                    false,
                                    List.of(Attribute.of(RadiusTestClient.PROXY_STATE, "p"))),
                            700))
                    .isEmpty();

            Answer answer = legacy.exchange(legacy.pap("a@example.com", "222222", false, List.of()), 3000)
                    .orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
        }
        given().get("/q/metrics")
                .then()
                .body(containsString("zeropin_radius_dropped_total{nas=\"legacy-nas\","
                        + "reason=\"proxy_state_without_message_authenticator\"}"));
    }

    @Test
    void dropsMalformedPacketsAndKeepsServing() {
        radius.otpService().acceptPassword("333333");
        try (RadiusTestClient nas = nas()) {
            Request good = nas.pap("e@example.com", "333333");
            byte[] codeZero = good.bytes().clone();
            codeZero[0] = 0;
            byte[] truncated = Arrays.copyOf(good.bytes(), good.bytes().length - 5);
            byte[] oversized = Arrays.copyOf(good.bytes(), 4097);
            oversized[2] = 0x10;
            oversized[3] = 0x01;
            byte[] badAttributeLength = good.bytes().clone();
            badAttributeLength[38 + 1] = (byte) 200;
            Request shortPassword = RadiusTestClient.build(
                    RadiusTestClient.ACCESS_REQUEST,
                    9,
                    new byte[16],
                    List.of(Attribute.of(1, "e@example.com"), Attribute.of(2, new byte[17])),
                    true,
                    radius.secret().getBytes(StandardCharsets.UTF_8));
            for (byte[] bad : List.of(
                    codeZero,
                    truncated,
                    oversized,
                    badAttributeLength,
                    shortPassword.bytes(),
                    "garbage".getBytes(),
                    new byte[0])) {
                nas.send(bad);
            }
            assertThat(nas.receive(shortPassword, 500)).isEmpty();

            assertThat(nas.exchange(good, 3000).orElseThrow().code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
        }
        assertThat(listener.isListening()).isTrue();
        given().get("/q/metrics")
                .then()
                .body(containsString("zeropin_radius_dropped_total{nas=\"test-nas\",reason=\"malformed\"}"))
                .body(containsString("zeropin_radius_dropped_total{nas=\"test-nas\",reason=\"unknown_code\"}"));
    }

    @Test
    void aRetransmissionDuringVerificationIsDroppedAndAfterItGetsTheSameAnswer() {
        radius.otpService().acceptPassword("444444");
        radius.otpService().delay(600);
        try (RadiusTestClient nas = nas()) {
            Request request = nas.pap("f@example.com", "444444");
            nas.send(request.bytes());
            nas.send(request.bytes());

            Answer first = nas.receive(request, 3000).orElseThrow();
            assertThat(nas.receive(request, 800))
                    .as("the copy in progress is dropped")
                    .isEmpty();
            Answer again = nas.exchange(request, 3000).orElseThrow();

            assertThat(first.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(again.bytes()).isEqualTo(first.bytes());
            assertThat(radius.otpService().requests()).hasSize(1);
        }
    }

    @Test
    void loginsThatArriveTogetherReachOtpServiceInFewCalls() {
        int logins = 30;
        radius.otpService().delay(300);
        List<RadiusTestClient> nases = new java.util.ArrayList<>();
        List<Request> requests = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < logins; i++) {
                String password = String.format("7%05d", i);
                radius.otpService().acceptPassword(password);
                RadiusTestClient nas = nas();
                nases.add(nas);
                Request request = nas.pap("batch" + i + "@example.com", password);
                requests.add(request);
                nas.send(request.bytes());
            }
            for (int i = 0; i < logins; i++) {
                Answer answer = nases.get(i).receive(requests.get(i), 5000).orElseThrow();
                assertThat(answer.code()).as("login %d", i).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            }
        } finally {
            nases.forEach(RadiusTestClient::close);
        }

        List<Integer> batches = radius.otpService().batchSizes();
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(logins);
        // At most two batches on their way at once, each 300 ms: the logins that queue meanwhile
        // leave together.
        assertThat(batches).hasSizeLessThan(logins / 3);
        assertThat(batches.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
    }

    @Test
    void anOtpServiceWithoutTheBatchCallIsAskedOneRequestAtATimeAndLaterWithBatchesAgain() throws Exception {
        radius.otpService().withoutBatchCall();
        radius.otpService().acceptPassword("818181");
        try (RadiusTestClient nas = nas()) {
            Answer answer =
                    nas.exchange(nas.pap("old@example.com", "818181"), 3000).orElseThrow();
            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(radius.otpService().batchSizes()).isEmpty();
            assertThat(radius.otpService().requests()).hasSize(1);

            radius.otpService().reset();
            radius.otpService().acceptPassword("828282");
            Thread.sleep(1_200); // %test.gateway.otp.batch-probe-interval=1s
            Answer later =
                    nas.exchange(nas.pap("old@example.com", "828282"), 3000).orElseThrow();
            assertThat(later.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(radius.otpService().batchSizes()).containsExactly(1);
        }
    }

    @Test
    void aSlowOtpServiceMeansARejectWithinTheDeadline() {
        radius.otpService().acceptPassword("555555");
        radius.otpService().delay(3000);
        try (RadiusTestClient nas = nas()) {
            long start = System.nanoTime();
            Answer answer =
                    nas.exchange(nas.pap("g@example.com", "555555"), 3000).orElseThrow();
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(answer.replyMessage()).contains("unavailable");
            assertThat(millis).isBetween(900L, 1900L);
        }
        given().get("/q/metrics")
                .then()
                .body(containsString("zeropin_radius_otp_unavailable_total{cause=\"timeout\",nas=\"test-nas\"}"));
    }

    @Test
    void answersStatusServerAndAccountingAndPublishesTheRecord() {
        try (RadiusTestClient nas = nas();
                RadiusTestClient accounting = new RadiusTestClient(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.acctPort()), radius.secret());
                TopicReader events = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_EVENTS)) {
            Answer status = nas.exchange(nas.statusServer(), 3000).orElseThrow();
            assertThat(status.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(status.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);

            String session = "session-" + System.nanoTime();
            Answer answer = accounting
                    .exchange(
                            accounting.accounting(List.of(
                                    Attribute.of(RadiusTestClient.USER_NAME, "h@example.com"),
                                    Attribute.of(RadiusTestClient.ACCT_STATUS_TYPE, new byte[] {0, 0, 0, 1}),
                                    Attribute.of(RadiusTestClient.ACCT_SESSION_ID, session))),
                            5000)
                    .orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCOUNTING_RESPONSE);
            assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
            events.await(
                    record -> record.value().contains("\"radius.accounting\"")
                            && record.value().contains(session)
                            && record.value().contains("\"Start\""),
                    1,
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void answersAccountingWhileKafkaIsAwayAndPublishesTheRecordWhenItIsBack() {
        String session = "outage-" + System.nanoTime();
        try (RadiusTestClient accounting = new RadiusTestClient(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.acctPort()), radius.secret())) {
            broker.stop();
            try {
                long start = System.nanoTime();
                Answer answer = accounting
                        .exchange(
                                accounting.accounting(List.of(
                                        Attribute.of(RadiusTestClient.USER_NAME, "outage@example.com"),
                                        Attribute.of(RadiusTestClient.ACCT_STATUS_TYPE, new byte[] {0, 0, 0, 1}),
                                        Attribute.of(RadiusTestClient.ACCT_SESSION_ID, session))),
                                3000)
                        .orElseThrow(() -> new AssertionError("no Accounting-Response while Kafka is away"));
                assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCOUNTING_RESPONSE);
                assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            } finally {
                broker.start();
            }
        }
        try (TopicReader events = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_EVENTS)) {
            events.await(
                    record -> record.value().contains("\"radius.accounting\"")
                            && record.value().contains(session),
                    1,
                    Duration.ofSeconds(25));
        }
    }

    @Test
    void publishesDecisionsAndAggregatedDropsWithoutPasswords() throws Exception {
        radius.otpService().acceptPassword("777777");
        String user = "events-" + System.nanoTime() + "@example.com";
        try (RadiusTestClient nas = nas();
                RadiusTestClient unknown = client("127.0.0.8", radius.secret());
                TopicReader events = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_EVENTS)) {
            assertThat(nas.exchange(nas.pap(user, "777777"), 3000).orElseThrow().code())
                    .isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(nas.exchange(nas.pap(user, "888888"), 3000).orElseThrow().code())
                    .isEqualTo(RadiusTestClient.ACCESS_REJECT);
            for (int i = 0; i < 50; i++) {
                unknown.send(unknown.pap(user, "999999").bytes());
            }

            events.await(record -> record.value().contains(user), 2, Duration.ofSeconds(10));
            var drops = events.await(
                    record -> record.value().contains("\"radius.packet-dropped\"")
                            && record.value().contains("127.0.0.8"),
                    1,
                    Duration.ofSeconds(10));
            String all = String.join(
                    "\n",
                    events.collect(record -> true, Duration.ofSeconds(2)).stream()
                            .map(record -> record.value())
                            .toList());

            assertThat(all).contains("\"radius.access-accepted\"", "\"radius.access-rejected\"");
            assertThat(drops.size()).isLessThanOrEqualTo(3);
            assertThat(all).contains("\"count\":");
            assertThat(all).doesNotContain("777777", "888888", "999999", radius.secret(), radius.legacySecret());
        }
    }

    private static byte[] attributeValue(byte[] packet, int type) {
        int offset = 20;
        while (offset < packet.length) {
            int length = packet[offset + 1] & 0xFF;
            if ((packet[offset] & 0xFF) == type) {
                return Arrays.copyOfRange(packet, offset + 2, offset + length);
            }
            offset += length;
        }
        throw new AssertionError("no attribute " + type);
    }
}
