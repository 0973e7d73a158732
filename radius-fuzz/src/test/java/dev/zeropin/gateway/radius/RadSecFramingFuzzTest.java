package dev.zeropin.gateway.radius;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.RadSecIdentity;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.gateway.service.NasClientRegistry;
import dev.zeropin.support.net.Cidr;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the RadSec byte stream after TLS: {@link RadSecFraming} cutting it into packets by their
 * Length field, each packet handed to the gateway's RadSec request path as an identified NAS (secret
 * {@code radsec}), in chunks of fuzzed sizes. Every input must be cut exactly as a plain reading of
 * RFC 6614 §2.5 cuts it (the packets up to the first Length outside 20..4096, then the connection
 * closed), with no internal error, no Access-Accept to a request and every answer a whole packet with
 * its Message-Authenticator first. TLS itself is the JDK's and is not fuzzed here; the handshake
 * and certificate rules are tested against the running gateway (RadSecListenerTest).
 *
 * <p>Without {@code JAZZER_FUZZ} (CI), the inputs kept under
 * {@code src/test/resources/dev/zeropin/gateway/radius/RadSecFramingFuzzTestInputs/fuzzRadSecStreams}
 * run as regression tests; {@code -Pfuzz -Dtest=RadSecFramingFuzzTest#fuzzRadSecStreams} fuzzes.
 */
class RadSecFramingFuzzTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40001);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private static Vertx vertx;
    private static SimpleMeterRegistry registry;
    private static RadiusServerFuzzTest.StubOtpService otp;
    private static RadiusServerFuzzTest.RecordingPublisher events;
    private static RadiusServer server;
    private static NasClient nas;

    @BeforeAll
    static void startGateway() {
        GatewayConfig config = RadiusServerFuzzTest.config();
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        NasClientRegistry clients = new NasClientRegistry();
        nas = NasClient.radSecOnly(
                "radsec-fuzz",
                Cidr.parse("127.0.0.0/8").orElseThrow(),
                "demo",
                true,
                RadSecIdentity.of("CN=radsec-fuzz", null));
        clients.replaceStatic(List.of(nas));
        otp = new RadiusServerFuzzTest.StubOtpService(vertx, config);
        events = new RadiusServerFuzzTest.RecordingPublisher(config, registry);
        server = new RadiusServer(clients, otp, events, new RadiusMetrics(registry), config);
    }

    @AfterAll
    static void goodRequestIsStillAcceptedAfterTheRun() {
        try {
            byte[] request = new RadiusServerFuzzTest.PacketBuilder(1, RANDOM.nextInt(256), randomBytes(16))
                    .messageAuthenticator()
                    .attribute(1, "alice@example.com".getBytes(StandardCharsets.UTF_8))
                    .papPassword(otp.goodOtp(), "radsec")
                    .build("radsec", true);
            otp.expectGoodRequest();
            Connection connection = new Connection();
            connection.write(request, request.length);
            List<byte[]> answers = connection.answers();
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0)[0] & 0xFF)
                    .as("code of the answer to the good OTP")
                    .isEqualTo(2);
            assertThat(registry.counter("zeropin.radius.errors").count()).isZero();
        } finally {
            vertx.close();
        }
    }

    /** A packet behind a Length of 3 is never read: the connection is closed at the bad Length. */
    @Test
    void closesAtALengthBelowTheHeaderAndReadsNothingBehindIt() {
        byte[] good = new RadiusServerFuzzTest.PacketBuilder(12, 1, randomBytes(16))
                .messageAuthenticator()
                .build("radsec", true);
        byte[] stream = concat(good, new byte[] {12, 2, 0, 3}, good);

        Connection connection = new Connection();
        connection.write(stream, 7);

        assertThat(connection.frames()).hasSize(1);
        assertThat(connection.channel.isOpen()).isFalse();
        assertThat(connection.malformed.get()).isEqualTo(1);
        assertThat(connection.answers())
                .as("the Status-Server before the bad Length is answered")
                .hasSize(1);
    }

    /**
     * A byte stream as a RadSec peer could send it after the handshake; its first octet picks the
     * size of the chunks it arrives in.
     */
    @FuzzTest(maxDuration = "4m")
    void fuzzRadSecStreams(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int chunk = 1 + (input[0] & 0xFF);
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        otp.answerWith(RadiusServerFuzzTest.Answer.REJECT, "Wrong or expired code");

        Connection connection = new Connection();
        connection.write(stream, chunk);

        Expected expected = split(stream);
        List<byte[]> frames = connection.frames();
        if (frames.size() != expected.packets().size()) {
            throw new AssertionError("cut into " + frames.size() + " packets, not "
                    + expected.packets().size() + ": " + HEX.formatHex(input));
        }
        for (int i = 0; i < frames.size(); i++) {
            if (!Arrays.equals(frames.get(i), expected.packets().get(i))) {
                throw new AssertionError("packet " + i + " cut wrongly: " + HEX.formatHex(input));
            }
        }
        if (connection.channel.isOpen() == expected.badLength()) {
            throw new AssertionError(
                    (expected.badLength() ? "left open after a bad Length: " : "closed without a bad Length: ")
                            + HEX.formatHex(input));
        }
        for (byte[] answer : connection.answers()) {
            int length = answer.length >= 4 ? ((answer[2] & 0xFF) << 8) | (answer[3] & 0xFF) : -1;
            if (length != answer.length) {
                throw new AssertionError("an answer that is not one whole packet: " + HEX.formatHex(input));
            }
            int code = answer[0] & 0xFF;
            if (code == 2 && !isStatusServerAnswered(frames, answer)) {
                throw new AssertionError("Access-Accept for a fuzzed request: " + HEX.formatHex(input));
            }
            if (answer.length > 20 && (code == 2 || code == 3) && (answer[20] & 0xFF) != 80) {
                throw new AssertionError("answer without Message-Authenticator first: " + HEX.formatHex(input));
            }
        }
        if (events.accepted() > 0) {
            throw new AssertionError("an AccessAccepted event for a fuzzed request: " + HEX.formatHex(input));
        }
        if (registry.counter("zeropin.radius.errors").count() > 0) {
            throw new AssertionError("internal error while handling: " + HEX.formatHex(input));
        }
    }

    /** An Access-Accept is only right as the answer to a Status-Server with the same identifier. */
    private static boolean isStatusServerAnswered(List<byte[]> frames, byte[] answer) {
        return frames.stream().anyMatch(frame -> (frame[0] & 0xFF) == 12 && frame[1] == answer[1]);
    }

    /** What RFC 6614 §2.5 makes of a stream: its whole packets up to the first impossible Length. */
    private record Expected(List<byte[]> packets, boolean badLength) {}

    private static Expected split(byte[] stream) {
        List<byte[]> packets = new ArrayList<>();
        int offset = 0;
        while (stream.length - offset >= 4) {
            int length = ((stream[offset + 2] & 0xFF) << 8) | (stream[offset + 3] & 0xFF);
            if (length < 20 || length > 4096) {
                return new Expected(packets, true);
            }
            if (stream.length - offset < length) {
                break;
            }
            packets.add(Arrays.copyOfRange(stream, offset, offset + length));
            offset += length;
        }
        return new Expected(packets, false);
    }

    /** One RadSec connection after its handshake, as the listener builds it, without TLS. */
    private static final class Connection {
        private final AtomicInteger malformed = new AtomicInteger();
        private final List<byte[]> frames = new ArrayList<>();
        private final EmbeddedChannel channel;

        Connection() {
            channel = new EmbeddedChannel();
            channel.pipeline()
                    .addLast(new RadSecFraming(malformed::incrementAndGet))
                    .addLast(new SimpleChannelInboundHandler<byte[]>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext context, byte[] packet) {
                            frames.add(packet.clone());
                            server.receiveRadSec(context.channel(), PEER, nas.overRadSec(), packet);
                        }
                    });
        }

        void write(byte[] stream, int chunk) {
            for (int offset = 0; offset < stream.length && channel.isOpen(); offset += chunk) {
                channel.writeInbound(Unpooled.wrappedBuffer(
                        Arrays.copyOfRange(stream, offset, Math.min(stream.length, offset + chunk))));
            }
            channel.runPendingTasks();
            channel.checkException();
        }

        List<byte[]> frames() {
            return frames;
        }

        /** The answers written since the last call (each read once). */
        List<byte[]> answers() {
            List<byte[]> answers = new ArrayList<>();
            for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
                ByteBuf answer = (ByteBuf) out;
                answers.add(ByteBufUtil.getBytes(answer));
                answer.release();
            }
            return answers;
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
