package dev.zeropin.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;

/**
 * A RADIUS load generator: PAP Access-Requests over a few non-blocking UDP channels (one source
 * port each, 256 identifiers per port, taken in rotation), many requests in flight, a
 * Message-Authenticator on every request, every answer checked (Response Authenticator and
 * Message-Authenticator), latencies in an HdrHistogram. Bounded by a request count and a duration;
 * sends to loopback addresses only.
 *
 * <p>Two pacings: as fast as the in-flight window allows ({@code rate = 0}), or a fixed rate with
 * latencies measured from the intended send time (no coordinated omission). A fraction of requests
 * can be retransmitted once after their answer (same bytes: a NAS that missed the answer); the
 * server must answer the copy with the same code, from its duplicate cache.
 */
public final class RadiusLoad {

    static final int ACCESS_REQUEST = 1;
    static final int ACCESS_ACCEPT = 2;
    static final int ACCESS_REJECT = 3;
    private static final int USER_NAME = 1;
    private static final int USER_PASSWORD = 2;
    private static final int NAS_PORT = 5;
    private static final int MESSAGE_AUTHENTICATOR = 80;

    /** A user name and the password to send for it. */
    public record Credential(String userName, String password) {}

    /**
     * What to send.
     *
     * @param target the server (a loopback address)
     * @param secret the shared secret
     * @param credentials one request per entry, in order, wrapping around when {@code requests} is larger
     * @param requests how many distinct requests to send
     * @param maxDuration stop sending after this long (whatever has been sent is still awaited)
     * @param channels source ports (each carries at most 256 requests in flight)
     * @param window requests in flight at most (≤ 256 × channels)
     * @param rate requests per second, or 0 for as fast as the window allows
     * @param retransmitFraction fraction of requests sent a second time after their answer
     * @param timeout how long to wait for an answer before counting the request lost
     */
    public record Plan(
            InetSocketAddress target,
            String secret,
            List<Credential> credentials,
            int requests,
            Duration maxDuration,
            int channels,
            int window,
            double rate,
            double retransmitFraction,
            Duration timeout) {

        public Plan {
            if (!target.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("loads go to loopback addresses only, not " + target);
            }
            if (credentials.isEmpty() || requests <= 0 || channels <= 0 || window <= 0) {
                throw new IllegalArgumentException("nothing to send");
            }
            if (window > channels * 256) {
                throw new IllegalArgumentException("window " + window + " > 256 × " + channels + " channels");
            }
        }

        public Plan withRate(double perSecond) {
            return new Plan(
                    target,
                    secret,
                    credentials,
                    requests,
                    maxDuration,
                    channels,
                    window,
                    perSecond,
                    retransmitFraction,
                    timeout);
        }

        public Plan withRetransmissions(double fraction) {
            return new Plan(
                    target, secret, credentials, requests, maxDuration, channels, window, rate, fraction, timeout);
        }

        public Plan withRequests(int count) {
            return new Plan(
                    target,
                    secret,
                    credentials,
                    count,
                    maxDuration,
                    channels,
                    window,
                    rate,
                    retransmitFraction,
                    timeout);
        }
    }

    /**
     * What came back.
     *
     * @param sent distinct requests sent
     * @param accepted Access-Accepts to them
     * @param rejected Access-Rejects to them
     * @param lost requests with no answer within the timeout
     * @param invalid answers that failed a check (authenticator, Message-Authenticator, code, stray)
     * @param retransmitted copies sent
     * @param retransmitAnswered copies answered with the same code as the original
     * @param retransmitDiffered copies answered with another code (a second verification)
     * @param seconds from the first send to the last answer (or loss)
     * @param latencyMicros answer latency of the distinct requests
     */
    public record Result(
            long sent,
            long accepted,
            long rejected,
            long lost,
            long invalid,
            long retransmitted,
            long retransmitAnswered,
            long retransmitDiffered,
            double seconds,
            Histogram latencyMicros) {

        /** Answered distinct requests per second. */
        public double answeredPerSecond() {
            return (accepted + rejected) / seconds;
        }

        public double acceptedPerSecond() {
            return accepted / seconds;
        }

        public double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "sent=%d accepted=%d rejected=%d lost=%d invalid=%d retransmitted=%d (same answer %d,"
                            + " different %d) %.2f s %.0f answers/s p50=%.2f ms p99=%.2f ms max=%.2f ms",
                    sent,
                    accepted,
                    rejected,
                    lost,
                    invalid,
                    retransmitted,
                    retransmitAnswered,
                    retransmitDiffered,
                    seconds,
                    answeredPerSecond(),
                    percentileMillis(50),
                    percentileMillis(99),
                    latencyMicros.getMaxValue() / 1000.0);
        }
    }

    /** One request in flight on one identifier of one channel. */
    private static final class Slot {
        final byte[] packet = new byte[4096];
        int length;
        long sentAt;
        long deadline;
        boolean busy;
        boolean retransmit;
        boolean copySent;
        int firstCode;
    }

    private final Plan plan;
    private final byte[] secret;
    private final Mac hmac;
    private final MessageDigest md5;
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(4096);
    private final byte[] received = new byte[4096];
    private final byte[][] userNames;
    private final byte[][] passwords;

    private long sent;
    private long accepted;
    private long rejected;
    private long lost;
    private long invalid;
    private long refused;
    private long retransmitted;
    private long retransmitAnswered;
    private long retransmitDiffered;
    private int inFlight;
    private final Histogram histogram = new Histogram(1, 60_000_000, 3);

    private RadiusLoad(Plan plan) {
        this.plan = plan;
        this.secret = plan.secret().getBytes(StandardCharsets.UTF_8);
        try {
            this.hmac = Mac.getInstance("HmacMD5");
            this.hmac.init(new SecretKeySpec(secret, "HmacMD5"));
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
        int n = plan.credentials().size();
        userNames = new byte[n][];
        passwords = new byte[n][];
        for (int i = 0; i < n; i++) {
            userNames[i] = plan.credentials().get(i).userName().getBytes(StandardCharsets.UTF_8);
            passwords[i] = plan.credentials().get(i).password().getBytes(StandardCharsets.UTF_8);
            if (userNames[i].length > 253 || passwords[i].length > 128) {
                throw new IllegalArgumentException("user name or password too long");
            }
        }
    }

    /** Runs the plan and returns what came back. */
    public static Result run(Plan plan) {
        return new RadiusLoad(plan).execute();
    }

    private Result execute() {
        int channelCount = plan.channels();
        DatagramChannel[] channels = new DatagramChannel[channelCount];
        Slot[][] slots = new Slot[channelCount][256];
        @SuppressWarnings("unchecked")
        ArrayDeque<Integer>[] free = new ArrayDeque[channelCount];
        try (Selector selector = Selector.open()) {
            for (int c = 0; c < channelCount; c++) {
                DatagramChannel channel = DatagramChannel.open();
                channels[c] = channel;
                channel.bind(new InetSocketAddress(plan.target().getAddress(), 0));
                channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
                channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
                channel.connect(plan.target());
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, c);
                free[c] = new ArrayDeque<>(256);
                int first = random.nextInt(256);
                for (int i = 0; i < 256; i++) {
                    slots[c][i] = new Slot();
                    free[c].add((first + i) & 0xFF);
                }
            }
            return loop(selector, channels, slots, free);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (DatagramChannel channel : channels) {
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot close a load channel", e);
                    }
                }
            }
        }
    }

    private Result loop(Selector selector, DatagramChannel[] channels, Slot[][] slots, ArrayDeque<Integer>[] free)
            throws IOException {
        long start = System.nanoTime();
        long stopSending = start + plan.maxDuration().toNanos();
        long timeoutNanos = plan.timeout().toNanos();
        double intervalNanos = plan.rate() > 0 ? 1e9 / plan.rate() : 0;
        int nextChannel = 0;
        long lastSweep = start;
        long lastEvent = start;
        while (true) {
            long now = System.nanoTime();
            boolean sending = sent < plan.requests() && now < stopSending;
            if (!sending && inFlight == 0) {
                break;
            }
            // Send what the window and the pacing allow.
            while (sending && inFlight < plan.window()) {
                long intended = intervalNanos > 0 ? start + (long) (sent * intervalNanos) : now;
                if (intended > now) {
                    break;
                }
                int c = -1;
                for (int k = 0; k < channels.length; k++) {
                    int candidate = (nextChannel + k) % channels.length;
                    if (!free[candidate].isEmpty()) {
                        c = candidate;
                        break;
                    }
                }
                if (c < 0) {
                    break;
                }
                nextChannel = (c + 1) % channels.length;
                int id = free[c].poll();
                Slot slot = slots[c][id];
                int index = (int) (sent % userNames.length);
                build(slot, id, index, (int) sent);
                slot.sentAt = intended;
                slot.deadline = now + timeoutNanos;
                slot.busy = true;
                slot.copySent = false;
                slot.retransmit = plan.retransmitFraction() > 0 && random.nextDouble() < plan.retransmitFraction();
                send(channels[c], slot);
                sent++;
                inFlight++;
                now = System.nanoTime();
                sending = sent < plan.requests() && now < stopSending;
                if ((sent & 31) == 0) {
                    break; // read answers now and then
                }
            }
            // Read what has arrived; wait briefly when there is nothing else to do.
            int ready;
            boolean canSendMore = sending && inFlight < plan.window();
            if (canSendMore && intervalNanos == 0) {
                ready = selector.selectNow();
            } else if (canSendMore) {
                long wait = (start + (long) (sent * intervalNanos) - System.nanoTime()) / 1_000_000;
                ready = wait <= 0 ? selector.selectNow() : selector.select(Math.max(1, wait));
            } else {
                ready = selector.select(10);
            }
            if (ready > 0) {
                for (SelectionKey key : selector.selectedKeys()) {
                    int c = (Integer) key.attachment();
                    drain(channels[c], slots[c], free[c]);
                }
                selector.selectedKeys().clear();
                lastEvent = System.nanoTime();
            }
            now = System.nanoTime();
            if (now - lastSweep > 50_000_000L) {
                lastSweep = now;
                for (int c = 0; c < channels.length; c++) {
                    for (int id = 0; id < 256; id++) {
                        Slot slot = slots[c][id];
                        if (slot.busy && now > slot.deadline) {
                            slot.busy = false;
                            inFlight--;
                            if (!slot.copySent) {
                                lost++;
                            }
                            free[c].add(id);
                        }
                    }
                }
            }
        }
        double seconds = (Math.max(lastEvent, start + 1) - start) / 1e9;
        return new Result(
                sent,
                accepted,
                rejected,
                lost,
                invalid,
                retransmitted,
                retransmitAnswered,
                retransmitDiffered,
                seconds,
                histogram);
    }

    private void drain(DatagramChannel channel, Slot[] slots, ArrayDeque<Integer> free) throws IOException {
        while (true) {
            receiveBuffer.clear();
            try {
                if (channel.receive(receiveBuffer) == null) {
                    return;
                }
            } catch (java.net.PortUnreachableException e) {
                refused++; // nothing listens (yet): the requests in flight will time out
                continue;
            }
            long now = System.nanoTime();
            receiveBuffer.flip();
            int length = receiveBuffer.remaining();
            receiveBuffer.get(received, 0, length);
            if (length < 20) {
                invalid++;
                continue;
            }
            int id = received[1] & 0xFF;
            Slot slot = slots[id];
            int code = received[0] & 0xFF;
            if (!slot.busy || !valid(slot, length)) {
                invalid++;
                continue;
            }
            if (slot.copySent) {
                if (code == slot.firstCode) {
                    retransmitAnswered++;
                } else {
                    retransmitDiffered++;
                }
                slot.busy = false;
                inFlight--;
                free.add(id);
                continue;
            }
            if (code == ACCESS_ACCEPT) {
                accepted++;
            } else if (code == ACCESS_REJECT) {
                rejected++;
            } else {
                invalid++;
            }
            histogram.recordValue(Math.max(1, (now - slot.sentAt) / 1000));
            if (slot.retransmit) {
                slot.copySent = true;
                slot.firstCode = code;
                slot.deadline = now + plan.timeout().toNanos();
                send(channel, slot);
                retransmitted++;
            } else {
                slot.busy = false;
                inFlight--;
                free.add(id);
            }
        }
    }

    /** Sends a slot's packet; an ICMP "port unreachable" is counted, the request then times out. */
    private void send(DatagramChannel channel, Slot slot) throws IOException {
        try {
            channel.write(ByteBuffer.wrap(slot.packet, 0, slot.length));
        } catch (java.net.PortUnreachableException e) {
            refused++;
        }
    }

    /** Response Authenticator (RFC 2865 §3) and Message-Authenticator (RFC 3579 §3.2), if present. */
    private boolean valid(Slot slot, int length) {
        int declared = ((received[2] & 0xFF) << 8) | (received[3] & 0xFF);
        if (declared != length) {
            return false;
        }
        byte[] responseAuthenticator = Arrays.copyOfRange(received, 4, 20);
        md5.update(received, 0, 4);
        md5.update(slot.packet, 4, 16);
        md5.update(received, 20, length - 20);
        md5.update(secret);
        if (!MessageDigest.isEqual(md5.digest(), responseAuthenticator)) {
            return false;
        }
        int position = 20;
        while (position + 2 <= length) {
            int type = received[position] & 0xFF;
            int attributeLength = received[position + 1] & 0xFF;
            if (attributeLength < 2 || position + attributeLength > length) {
                return false;
            }
            if (type == MESSAGE_AUTHENTICATOR) {
                if (attributeLength != 18) {
                    return false;
                }
                byte[] copy = Arrays.copyOf(received, length);
                System.arraycopy(slot.packet, 4, copy, 4, 16);
                Arrays.fill(copy, position + 2, position + 18, (byte) 0);
                byte[] expected = hmac.doFinal(copy);
                return MessageDigest.isEqual(expected, Arrays.copyOfRange(received, position + 2, position + 18));
            }
            position += attributeLength;
        }
        return true;
    }

    /** An Access-Request: Message-Authenticator first, User-Name, hidden User-Password, NAS-Port. */
    private void build(Slot slot, int identifier, int index, int nasPort) {
        byte[] p = slot.packet;
        p[0] = ACCESS_REQUEST;
        p[1] = (byte) identifier;
        long a = random.nextLong();
        long b = random.nextLong();
        for (int i = 0; i < 8; i++) {
            p[4 + i] = (byte) (a >>> (8 * i));
            p[12 + i] = (byte) (b >>> (8 * i));
        }
        int pos = 20;
        p[pos] = MESSAGE_AUTHENTICATOR;
        p[pos + 1] = 18;
        int authenticatorAt = pos + 2;
        Arrays.fill(p, authenticatorAt, authenticatorAt + 16, (byte) 0);
        pos += 18;
        byte[] user = userNames[index];
        p[pos] = USER_NAME;
        p[pos + 1] = (byte) (user.length + 2);
        System.arraycopy(user, 0, p, pos + 2, user.length);
        pos += user.length + 2;
        pos = hidePassword(p, pos, passwords[index]);
        p[pos] = NAS_PORT;
        p[pos + 1] = 6;
        p[pos + 2] = (byte) (nasPort >>> 24);
        p[pos + 3] = (byte) (nasPort >>> 16);
        p[pos + 4] = (byte) (nasPort >>> 8);
        p[pos + 5] = (byte) nasPort;
        pos += 6;
        p[2] = (byte) (pos >>> 8);
        p[3] = (byte) pos;
        hmac.update(p, 0, pos);
        try {
            hmac.doFinal(p, authenticatorAt);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        slot.length = pos;
    }

    /** RFC 2865 §5.2: c(i) = p(i) xor MD5(S + c(i-1)), c(0) chained from the Request Authenticator. */
    private int hidePassword(byte[] p, int pos, byte[] password) {
        int blocks = Math.max(1, (password.length + 15) / 16);
        p[pos] = USER_PASSWORD;
        p[pos + 1] = (byte) (blocks * 16 + 2);
        int out = pos + 2;
        int previous = 4;
        for (int block = 0; block < blocks; block++) {
            md5.update(secret);
            md5.update(p, previous, 16);
            byte[] mask = md5.digest();
            for (int i = 0; i < 16; i++) {
                int k = block * 16 + i;
                byte plain = k < password.length ? password[k] : 0;
                p[out + i] = (byte) (plain ^ mask[i]);
            }
            previous = out;
            out += 16;
        }
        return out;
    }
}
