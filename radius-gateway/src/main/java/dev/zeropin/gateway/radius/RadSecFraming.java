package dev.zeropin.gateway.radius;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream of a RadSec connection into RADIUS packets by their Length field (RFC 6614
 * §2.5, RFC 6613 §2.6). A Length below the 20-octet header or above 4096 cannot be resynchronised
 * from, so the connection is closed (RFC 6613 §2.6.4: what UDP silently discards, TCP closes);
 * nothing more is read from it.
 */
public final class RadSecFraming extends ByteToMessageDecoder {

    /** RFC 2865 §3. */
    static final int MIN_LENGTH = 20;

    /** RFC 2865 §3. */
    static final int MAX_LENGTH = 4096;

    /** What {@link #next} found at the head of the stream. */
    public sealed interface Frame {}

    /** Not enough octets yet. */
    public record Incomplete() implements Frame {}

    /** One packet, its octets consumed from the stream. */
    public record Packet(byte[] bytes) implements Frame {}

    /** A Length field outside 20..4096: the stream cannot be followed any further. */
    public record Malformed(int length) implements Frame {}

    private final Runnable onMalformed;
    private boolean closed;

    /** @param onMalformed counts a connection closed for a bad Length (metrics) */
    public RadSecFraming(Runnable onMalformed) {
        this.onMalformed = onMalformed;
    }

    /** Takes the next packet off {@code in}, if a whole one is there. */
    public static Frame next(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return new Incomplete();
        }
        int length = in.getUnsignedShort(in.readerIndex() + 2);
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return new Malformed(length);
        }
        if (in.readableBytes() < length) {
            return new Incomplete();
        }
        byte[] packet = new byte[length];
        in.readBytes(packet);
        return new Packet(packet);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (closed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        Frame frame = next(in);
        if (frame instanceof Packet packet) {
            out.add(packet.bytes());
        } else if (frame instanceof Malformed) {
            closed = true;
            in.skipBytes(in.readableBytes());
            onMalformed.run();
            context.close();
        }
    }
}
