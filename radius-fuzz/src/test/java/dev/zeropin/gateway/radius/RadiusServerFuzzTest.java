package dev.zeropin.gateway.radius;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.RadiusEvents.AccessAccepted;
import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.client.OtpServiceClient;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.gateway.messaging.RadiusEventPublisher;
import dev.zeropin.gateway.service.NasClientRegistry;
import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import dev.zeropin.support.net.Cidr;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the whole inbound path of the gateway, from a raw datagram through the Netty handler:
 * framing, client lookup, authenticator and Message-Authenticator checks, attribute parsing (PAP,
 * CHAP, MS-CHAPv2, EAP), the duplicate cache and the answer. otp-service is replaced by a stub that
 * accepts only one OTP, known to this class alone and compared by its hash, so that a fuzzed input
 * can never legitimately earn an Access-Accept. Every input must end without an internal error, with
 * no Access-Accept to an Access-Request, with a Message-Authenticator first in every answer, and with
 * the channel open; after the run, the good OTP is still accepted.
 *
 * <p>Without {@code JAZZER_FUZZ} (CI), each test runs the inputs kept under
 * {@code src/test/resources/dev/zeropin/gateway/radius/RadiusServerFuzzTestInputs/<method>} as
 * regression tests. With {@code -Pfuzz} the named test is fuzzed (see docs/security-fuzzing.md).
 */
class RadiusServerFuzzTest {

    static final String SECRET = "fuzz-shared-secret-0123456789";
    static final String LEGACY_SECRET = "fuzz-legacy-secret-0123456789";
    static final InetSocketAddress NAS = new InetSocketAddress("127.0.0.1", 40000);
    static final InetSocketAddress LEGACY_NAS = new InetSocketAddress("127.0.0.2", 40000);
    static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.9", 40000);
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 1812);

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Vertx vertx;
    private static SimpleMeterRegistry registry;
    private static StubOtpService otp;
    private static RecordingPublisher events;
    private static EmbeddedChannel authChannel;
    private static EmbeddedChannel acctChannel;
    // Held so that the levels stay set: tinyradius-netty warns about every odd packet.
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.tinyradius"),
            java.util.logging.Logger.getLogger("dev.zeropin.gateway.radius"));

    @BeforeAll
    static void startGateway() {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        GatewayConfig config = config();
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        NasClientRegistry clients = new NasClientRegistry();
        clients.replaceStatic(List.of(
                NasClient.declared("fuzz-nas", Cidr.parse("127.0.0.1/32").orElseThrow(), "demo", true, SECRET),
                NasClient.declared(
                        "legacy-nas", Cidr.parse("127.0.0.2/32").orElseThrow(), "demo", false, LEGACY_SECRET)));
        otp = new StubOtpService(vertx, config);
        events = new RecordingPublisher(config, registry);
        RadiusMetrics metrics = new RadiusMetrics(registry);
        RadiusServer server = new RadiusServer(clients, otp, events, metrics, config);
        authChannel = new EmbeddedChannel(new RadiusDatagramHandler(server, metrics, false));
        acctChannel = new EmbeddedChannel(new RadiusDatagramHandler(server, metrics, true));
    }

    /** The gateway's settings for the fuzz tests: the defaults, a small duplicate cache, drops logged rarely. */
    static GatewayConfig config() {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(GatewayConfig.class)
                .withDefaultValue("gateway.radius.duplicate-cache-size", "2000")
                .withDefaultValue("gateway.radius.drop-log-interval", "1h")
                .build()
                .getConfigMapping(GatewayConfig.class);
    }

    @AfterAll
    static void goodRequestIsStillAcceptedAfterTheRun() {
        try {
            byte[] request = new PacketBuilder(1, RANDOM.nextInt(256), randomBytes(16))
                    .messageAuthenticator()
                    .attribute(1, "alice@example.com".getBytes(StandardCharsets.UTF_8))
                    .papPassword(otp.goodOtp(), SECRET)
                    .build(SECRET, true);
            otp.expectGoodRequest();
            List<byte[]> answers = exchange(authChannel, NAS, request);
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0)[0] & 0xFF)
                    .as("code of the answer to the good OTP")
                    .isEqualTo(2);
            assertThat(registry.counter("zeropin.radius.errors").count()).isZero();
        } finally {
            authChannel.finishAndReleaseAll();
            acctChannel.finishAndReleaseAll();
            vertx.close();
        }
    }

    /**
     * Found by {@link #fuzzStructuredAccessRequests}: a Reply-Message of about 200 characters made the
     * MS-CHAP-Error of an MS-CHAPv2 reject longer than one attribute; the reject was never sent (and
     * the NAS's retransmission was verified again).
     */
    @Test
    void rejectsMsChapV2WithALongReplyMessageInOneMsChapErrorAttribute() {
        otp.answerWith(Answer.REJECT, "x".repeat(300));
        byte[] request = new PacketBuilder(1, 7, randomBytes(16))
                .messageAuthenticator()
                .attribute(1, "dave@example.com".getBytes(StandardCharsets.UTF_8))
                .microsoft(RadiusDictionary.MS_CHAP_CHALLENGE, randomBytes(16))
                .microsoft(RadiusDictionary.MS_CHAP2_RESPONSE, randomBytes(50))
                .build(SECRET, true);

        List<byte[]> answers = exchange(authChannel, NAS, request);

        assertThat(answers).hasSize(1);
        byte[] answer = answers.get(0);
        assertThat(answer[0] & 0xFF).isEqualTo(3);
        assertThat(registry.counter("zeropin.radius.errors").count()).isZero();
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("E=691 R=0 C=").contains(" V=3 M=xxx");
    }

    /** Raw datagrams, as any host on the network could send them, from each kind of source. */
    @FuzzTest(maxDuration = "4m")
    void fuzzRawDatagrams(byte[] datagram) {
        if (datagram.length == 0) {
            return;
        }
        int selector = datagram[0] & 0xFF;
        InetSocketAddress sender = (selector & 3) == 3 ? STRANGER : (selector & 1) == 0 ? NAS : LEGACY_NAS;
        EmbeddedChannel channel = (selector & 4) == 0 ? authChannel : acctChannel;
        otp.answerWith(Answer.REJECT, "Wrong or expired code");
        check(channel, sender, java.util.Arrays.copyOfRange(datagram, 1, datagram.length));
    }

    /**
     * Well-formed requests with a correct Message-Authenticator (so that the fuzzer gets past the
     * authenticity checks) and fuzzed attributes, passwords and otp-service answers.
     */
    @FuzzTest(maxDuration = "4m")
    void fuzzStructuredAccessRequests(FuzzedDataProvider data) {
        boolean legacy = data.consumeBoolean();
        InetSocketAddress sender = legacy ? LEGACY_NAS : NAS;
        String secret = legacy ? LEGACY_SECRET : SECRET;
        int code = data.pickValue(new int[] {1, 1, 1, 1, 4, 12, data.consumeInt(0, 255)});
        PacketBuilder packet = new PacketBuilder(code, data.consumeInt(0, 255), data.consumeBytes(16));
        boolean withMessageAuthenticator = !legacy || data.consumeBoolean();
        if (withMessageAuthenticator && data.consumeBoolean()) {
            packet.messageAuthenticator();
        }
        int attributes = data.consumeInt(0, 12);
        for (int i = 0; i < attributes && data.remainingBytes() > 0; i++) {
            int kind = data.consumeInt(0, 11);
            switch (kind) {
                case 0 -> packet.attribute(1, data.consumeBytes(data.consumeInt(0, 253)));
                case 1 -> packet.papPassword(data.consumeBytes(data.consumeInt(0, 130)), secret);
                case 2 -> packet.attribute(2, data.consumeBytes(data.consumeInt(0, 253)));
                case 3 -> packet.attribute(3, data.consumeBytes(data.pickValue(new int[] {17, 17, 16, 18, 0, 1})));
                case 4 -> packet.attribute(60, data.consumeBytes(data.consumeInt(0, 40)));
                case 5 -> packet.microsoft(11, data.consumeBytes(data.pickValue(new int[] {16, 16, 15, 0, 40})));
                case 6 -> packet.microsoft(25, data.consumeBytes(data.pickValue(new int[] {50, 50, 49, 51, 2})));
                case 7 -> packet.vendor(data.consumeInt(), data.consumeBytes(data.consumeInt(0, 60)));
                case 8 -> packet.attribute(33, data.consumeBytes(data.consumeInt(0, 60)));
                case 9 -> packet.attribute(79, data.consumeBytes(data.consumeInt(0, 60)));
                case 10 -> packet.messageAuthenticator();
                default -> packet.attribute(data.consumeInt(0, 255), data.consumeBytes(data.consumeInt(0, 60)));
            }
        }
        if (withMessageAuthenticator) {
            packet.messageAuthenticator();
        }
        Answer answer = data.pickValue(Answer.values());
        otp.answerWith(answer, data.consumeString(300));
        boolean signed = data.consumeInt(0, 15) != 0;
        byte[] datagram = packet.build(signed ? secret : "a-wrong-secret-0123456789", withMessageAuthenticator);
        int cut = data.consumeInt(-4, 4);
        if (cut < 0 && datagram.length + cut >= 0) {
            datagram = java.util.Arrays.copyOf(datagram, datagram.length + cut);
        } else if (cut > 0) {
            datagram = java.util.Arrays.copyOf(datagram, datagram.length + cut);
        }
        check(code == 4 ? acctChannel : authChannel, sender, datagram);
    }

    private static void check(EmbeddedChannel channel, InetSocketAddress sender, byte[] datagram) {
        List<byte[]> answers = exchange(channel, sender, datagram);
        int requestCode = datagram.length > 0 ? datagram[0] & 0xFF : -1;
        for (byte[] answer : answers) {
            int code = answer[0] & 0xFF;
            if (code == 2 && requestCode != 12) {
                throw new AssertionError("Access-Accept for a fuzzed request: " + HEX.formatHex(datagram));
            }
            if (answer.length > 20 && (code == 2 || code == 3) && (answer[20] & 0xFF) != 80) {
                throw new AssertionError("answer without Message-Authenticator first: " + HEX.formatHex(datagram));
            }
        }
        if (events.accepted() > 0) {
            throw new AssertionError("an AccessAccepted event for a fuzzed request: " + HEX.formatHex(datagram));
        }
        double errors = registry.counter("zeropin.radius.errors").count();
        if (errors > 0) {
            throw new AssertionError("internal error while handling: " + HEX.formatHex(datagram));
        }
        if (!channel.isOpen()) {
            throw new AssertionError("listener closed by: " + HEX.formatHex(datagram));
        }
    }

    private static List<byte[]> exchange(EmbeddedChannel channel, InetSocketAddress sender, byte[] datagram) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), LOCAL, sender));
        channel.runPendingTasks();
        channel.checkException();
        java.util.ArrayList<byte[]> answers = new java.util.ArrayList<>();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            DatagramPacket packet = (DatagramPacket) out;
            answers.add(ByteBufUtil.getBytes(packet.content()));
            packet.release();
        }
        return answers;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** What the stub says to a request that does not carry the good OTP. */
    enum Answer {
        REJECT,
        REJECT_WITHOUT_MESSAGE,
        TIMEOUT,
        OVERLOADED
    }

    /**
     * otp-service: accepts the good OTP (random per run, compared by its SHA-256 so that no
     * comparison hook can leak it to the fuzzer) only while {@link #expectGoodRequest} allows it.
     */
    static final class StubOtpService extends OtpServiceClient {

        private final byte[] goodOtp =
                String.format("%09d", RANDOM.nextInt(1_000_000_000)).getBytes(StandardCharsets.US_ASCII);
        private final byte[] goodHash = sha256(goodOtp);
        private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.REJECT);
        private volatile String replyMessage;
        private volatile boolean goodExpected;

        StubOtpService(Vertx vertx, GatewayConfig config) {
            super(vertx, null, new ObjectMapper(), config, new SimpleMeterRegistry());
        }

        byte[] goodOtp() {
            return goodOtp.clone();
        }

        void expectGoodRequest() {
            goodExpected = true;
        }

        void answerWith(Answer next, String message) {
            answer.set(next);
            replyMessage = message;
        }

        @Override
        public Uni<Outcome> verify(VerifyRequest request) {
            boolean good = request.method() == AuthMethod.PAP
                    && request.credential() instanceof Credential.Pap pap
                    && pap.password() != null
                    && MessageDigest.isEqual(sha256(pap.password().getBytes(StandardCharsets.UTF_8)), goodHash);
            if (good) {
                if (!goodExpected) {
                    throw new AssertionError("the good OTP reached otp-service from a fuzzed input");
                }
                return Uni.createFrom()
                        .item(new Decided(new VerifyAnswer(
                                VerifyAnswer.Result.ACCEPT, VerifyAnswer.Reason.ACCEPTED, null, "Welcome", null)));
            }
            Outcome outcome = switch (answer.get()) {
                case REJECT ->
                    new Decided(new VerifyAnswer(
                            VerifyAnswer.Result.REJECT, VerifyAnswer.Reason.INVALID_OTP, null, replyMessage, null));
                case REJECT_WITHOUT_MESSAGE ->
                    new Decided(new VerifyAnswer(VerifyAnswer.Result.REJECT, null, 30L, null, null));
                case TIMEOUT -> new Unavailable("timeout");
                case OVERLOADED -> new Unavailable("overloaded");
            };
            return Uni.createFrom().item(outcome);
        }

        private static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** radius-events without Kafka: counts what would be published. */
    static final class RecordingPublisher extends RadiusEventPublisher {

        private final AtomicLong accepted = new AtomicLong();

        RecordingPublisher(GatewayConfig config, SimpleMeterRegistry registry) {
            super(Map.of(), config, registry);
        }

        long accepted() {
            return accepted.get();
        }

        @Override
        public void publish(DomainEvent event) {
            if (event instanceof AccessAccepted) {
                accepted.incrementAndGet();
            }
        }

        @Override
        public CompletionStage<Void> publishAcknowledged(DomainEvent event) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void dropped(String nasName, String sourceAddress, String reason) {
            // counted by the metrics already
        }
    }

    /** Builds a request attribute by attribute; the Message-Authenticator is computed last. */
    static final class PacketBuilder {

        private final int code;
        private final int identifier;
        private final byte[] authenticator;
        private final ByteArrayOutputStream attributes = new ByteArrayOutputStream();
        private int messageAuthenticatorOffset = -1;

        PacketBuilder(int code, int identifier, byte[] authenticator) {
            this.code = code;
            this.identifier = identifier;
            this.authenticator = java.util.Arrays.copyOf(authenticator, 16);
        }

        PacketBuilder attribute(int type, byte[] value) {
            byte[] bounded = value.length > 253 ? java.util.Arrays.copyOf(value, 253) : value;
            attributes.write(type);
            attributes.write(bounded.length + 2);
            attributes.writeBytes(bounded);
            return this;
        }

        PacketBuilder messageAuthenticator() {
            if (messageAuthenticatorOffset < 0) {
                messageAuthenticatorOffset = RadiusCrypto.HEADER_LENGTH + attributes.size() + 2;
            }
            return attribute(80, new byte[16]);
        }

        PacketBuilder vendor(int vendorId, byte[] rest) {
            byte[] value = new byte[4 + rest.length];
            value[0] = (byte) (vendorId >>> 24);
            value[1] = (byte) (vendorId >>> 16);
            value[2] = (byte) (vendorId >>> 8);
            value[3] = (byte) vendorId;
            System.arraycopy(rest, 0, value, 4, rest.length);
            return attribute(26, value);
        }

        PacketBuilder microsoft(int type, byte[] value) {
            byte[] bounded = value.length > 247 ? java.util.Arrays.copyOf(value, 247) : value;
            byte[] sub = new byte[bounded.length + 2];
            sub[0] = (byte) type;
            sub[1] = (byte) sub.length;
            System.arraycopy(bounded, 0, sub, 2, bounded.length);
            return vendor(RadiusDictionary.MICROSOFT, sub);
        }

        /** A User-Password hidden with {@code secret} as RFC 2865 §5.2 says (padded to 16). */
        PacketBuilder papPassword(byte[] password, String secret) {
            int length = Math.max(16, (password.length + 15) / 16 * 16);
            byte[] hidden = java.util.Arrays.copyOf(password, Math.min(length, 253 / 16 * 16));
            byte[] previous = authenticator;
            for (int block = 0; block < hidden.length; block += 16) {
                MessageDigest md5 = RadiusCrypto.md5();
                md5.update(secret.getBytes(StandardCharsets.UTF_8));
                md5.update(previous);
                byte[] mask = md5.digest();
                for (int i = 0; i < 16; i++) {
                    hidden[block + i] ^= mask[i];
                }
                previous = java.util.Arrays.copyOfRange(hidden, block, block + 16);
            }
            return attribute(2, hidden);
        }

        byte[] build(String secret, boolean sign) {
            byte[] body = attributes.toByteArray();
            int length = Math.min(RadiusCrypto.HEADER_LENGTH + body.length, 4096);
            byte[] packet = new byte[RadiusCrypto.HEADER_LENGTH + body.length];
            packet[0] = (byte) code;
            packet[1] = (byte) identifier;
            packet[2] = (byte) (length >>> 8);
            packet[3] = (byte) length;
            System.arraycopy(authenticator, 0, packet, 4, 16);
            System.arraycopy(body, 0, packet, RadiusCrypto.HEADER_LENGTH, body.length);
            if (sign && messageAuthenticatorOffset >= 0) {
                byte[] header = code == 4 ? new byte[16] : authenticator;
                byte[] mac = RadiusCrypto.messageAuthenticator(
                        packet, messageAuthenticatorOffset, header, secret.getBytes(StandardCharsets.UTF_8));
                System.arraycopy(mac, 0, packet, messageAuthenticatorOffset, 16);
            }
            if (code == 4) {
                byte[] auth =
                        RadiusCrypto.packetAuthenticator(packet, new byte[16], secret.getBytes(StandardCharsets.UTF_8));
                System.arraycopy(auth, 0, packet, 4, 16);
            }
            return packet;
        }
    }
}
