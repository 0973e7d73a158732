package dev.zeropin.infra.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A small, independent RADIUS client for tests: builds Access-Requests byte by byte (PAP, CHAP,
 * MS-CHAPv2 as a peer computes it per RFC 2759, with or without Message-Authenticator and
 * Proxy-State), sends them from a chosen local address, and checks answers (Response
 * Authenticator, Message-Authenticator position and value, MS-CHAP2-Success, MPPE keys).
 */
public final class RadiusTestClient implements AutoCloseable {

    public static final int ACCESS_REQUEST = 1;
    public static final int ACCESS_ACCEPT = 2;
    public static final int ACCESS_REJECT = 3;
    public static final int ACCOUNTING_REQUEST = 4;
    public static final int ACCOUNTING_RESPONSE = 5;
    public static final int STATUS_SERVER = 12;

    public static final int USER_NAME = 1;
    public static final int USER_PASSWORD = 2;
    public static final int CHAP_PASSWORD = 3;
    public static final int REPLY_MESSAGE = 18;
    public static final int VENDOR_SPECIFIC = 26;
    public static final int PROXY_STATE = 33;
    public static final int ACCT_STATUS_TYPE = 40;
    public static final int ACCT_SESSION_ID = 44;
    public static final int CHAP_CHALLENGE = 60;
    public static final int MESSAGE_AUTHENTICATOR = 80;
    public static final int MICROSOFT = 311;
    public static final int MS_CHAP_ERROR = 2;
    public static final int MS_CHAP_CHALLENGE = 11;
    public static final int MS_MPPE_SEND_KEY = 16;
    public static final int MS_MPPE_RECV_KEY = 17;
    public static final int MS_CHAP2_RESPONSE = 25;
    public static final int MS_CHAP2_SUCCESS = 26;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] secret;
    private int nextIdentifier = RANDOM.nextInt(256);

    /** A client on {@code localAddress} (e.g. 127.0.0.2 to be another NAS) toward {@code server}. */
    public RadiusTestClient(InetAddress localAddress, InetSocketAddress server, String secret) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(localAddress, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.server = server;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A client on 127.0.0.1. */
    public RadiusTestClient(InetSocketAddress server, String secret) {
        this(InetAddress.getLoopbackAddress(), server, secret);
    }

    /** One attribute: type, value (and vendor for a Vendor-Specific one). */
    public record Attribute(int vendor, int type, byte[] value) {
        public static Attribute of(int type, byte[] value) {
            return new Attribute(-1, type, value);
        }

        public static Attribute of(int type, String value) {
            return of(type, value.getBytes(StandardCharsets.UTF_8));
        }

        public static Attribute microsoft(int type, byte[] value) {
            return new Attribute(MICROSOFT, type, value);
        }
    }

    /** A request ready to send (its bytes are final). */
    public record Request(byte[] bytes) {
        public int identifier() {
            return bytes[1] & 0xFF;
        }

        public byte[] authenticator() {
            return Arrays.copyOfRange(bytes, 4, 20);
        }
    }

    /** A parsed answer. */
    public record Answer(byte[] bytes, int code, List<Attribute> attributes) {

        public List<byte[]> values(int type) {
            return attributes.stream()
                    .filter(a -> a.vendor() == -1 && a.type() == type)
                    .map(Attribute::value)
                    .toList();
        }

        public Optional<byte[]> microsoft(int type) {
            return attributes.stream()
                    .filter(a -> a.vendor() == MICROSOFT && a.type() == type)
                    .map(Attribute::value)
                    .findFirst();
        }

        /** The Reply-Message attributes joined. */
        public String replyMessage() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            values(REPLY_MESSAGE).forEach(out::writeBytes);
            return out.toString(StandardCharsets.UTF_8);
        }

        /** The type of the first attribute. */
        public int firstAttributeType() {
            return bytes.length > 20 ? bytes[20] & 0xFF : -1;
        }
    }

    /** The MS-CHAPv2 exchange a peer made, to check the answer with. */
    public record MsChapV2Peer(
            byte[] authenticatorChallenge, byte[] peerChallenge, byte[] ntResponse, String userName, byte[] password) {}

    /** Builds an Access-Request; with {@code messageAuthenticator}, one is added first. */
    public Request accessRequest(List<Attribute> attributes, boolean messageAuthenticator) {
        byte[] authenticator = new byte[16];
        RANDOM.nextBytes(authenticator);
        return build(ACCESS_REQUEST, nextIdentifier(), authenticator, attributes, messageAuthenticator, secret);
    }

    /** A PAP Access-Request with Message-Authenticator. */
    public Request pap(String userName, String password) {
        return pap(userName, password, true, List.of());
    }

    /** A PAP Access-Request with the password hidden per RFC 2865 §5.2 under the given secret. */
    public Request pap(String userName, String password, boolean messageAuthenticator, List<Attribute> more) {
        byte[] authenticator = new byte[16];
        RANDOM.nextBytes(authenticator);
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of(USER_NAME, userName));
        attributes.add(
                Attribute.of(USER_PASSWORD, hidePassword(password.getBytes(StandardCharsets.UTF_8), authenticator)));
        attributes.addAll(more);
        return build(ACCESS_REQUEST, nextIdentifier(), authenticator, attributes, messageAuthenticator, secret);
    }

    /** A CHAP Access-Request (RFC 1994 MD5, a random CHAP-Challenge) with Message-Authenticator. */
    public Request chap(String userName, String password) {
        byte[] challenge = new byte[16];
        RANDOM.nextBytes(challenge);
        byte id = (byte) RANDOM.nextInt(256);
        MessageDigest md5 = md5();
        md5.update(id);
        md5.update(password.getBytes(StandardCharsets.UTF_8));
        md5.update(challenge);
        byte[] chapPassword = new byte[17];
        chapPassword[0] = id;
        System.arraycopy(md5.digest(), 0, chapPassword, 1, 16);
        return accessRequest(
                List.of(
                        Attribute.of(USER_NAME, userName),
                        Attribute.of(CHAP_PASSWORD, chapPassword),
                        Attribute.of(CHAP_CHALLENGE, challenge)),
                true);
    }

    /** An MS-CHAPv2 Access-Request as a NAS relays a peer's response (RFC 2548, RFC 2759). */
    public Request msChapV2(MsChapV2Peer peer, byte ident) {
        byte[] response = new byte[50];
        response[0] = ident;
        System.arraycopy(peer.peerChallenge(), 0, response, 2, 16);
        System.arraycopy(peer.ntResponse(), 0, response, 26, 24);
        return accessRequest(
                List.of(
                        Attribute.of(USER_NAME, peer.userName()),
                        Attribute.microsoft(MS_CHAP_CHALLENGE, peer.authenticatorChallenge()),
                        Attribute.microsoft(MS_CHAP2_RESPONSE, response)),
                true);
    }

    /** A Status-Server (RFC 5997), always with Message-Authenticator. */
    public Request statusServer() {
        byte[] authenticator = new byte[16];
        RANDOM.nextBytes(authenticator);
        return build(STATUS_SERVER, nextIdentifier(), authenticator, List.of(), true, secret);
    }

    /** An Accounting-Request (RFC 2866) with its computed Request Authenticator. */
    public Request accounting(List<Attribute> attributes) {
        byte[] packet = build(ACCOUNTING_REQUEST, nextIdentifier(), new byte[16], attributes, false, secret)
                .bytes();
        MessageDigest md5 = md5();
        md5.update(packet);
        md5.update(secret);
        System.arraycopy(md5.digest(), 0, packet, 4, 16);
        return new Request(packet);
    }

    /** Sends a request (or any bytes) to the server. */
    public void send(byte[] bytes) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and waits for its answer; empty on timeout. Checks the answer's signatures. */
    public Optional<Answer> exchange(Request request, int timeoutMillis) {
        send(request.bytes());
        return receive(request, timeoutMillis);
    }

    /** Waits for the answer to {@code request}; empty on timeout. */
    public Optional<Answer> receive(Request request, int timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) left);
                DatagramPacket datagram = new DatagramPacket(new byte[4096], 4096);
                try {
                    socket.receive(datagram);
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                }
                byte[] bytes = Arrays.copyOf(datagram.getData(), datagram.getLength());
                if ((bytes[1] & 0xFF) != request.identifier()) {
                    continue;
                }
                return Optional.of(verify(bytes, request));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses an answer, failing when its Response Authenticator or Message-Authenticator is wrong. */
    public Answer verify(byte[] bytes, Request request) {
        int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        if (length != bytes.length) {
            throw new AssertionError("answer length field " + length + " but " + bytes.length + " octets");
        }
        byte[] expectedAuthenticator = responseAuthenticator(bytes, request.authenticator(), secret);
        if (!MessageDigest.isEqual(expectedAuthenticator, Arrays.copyOfRange(bytes, 4, 20))) {
            throw new AssertionError("wrong Response Authenticator");
        }
        List<Attribute> attributes = new ArrayList<>();
        int offset = 20;
        while (offset < bytes.length) {
            int type = bytes[offset] & 0xFF;
            int attributeLength = bytes[offset + 1] & 0xFF;
            byte[] value = Arrays.copyOfRange(bytes, offset + 2, offset + attributeLength);
            if (type == MESSAGE_AUTHENTICATOR) {
                byte[] copy = bytes.clone();
                System.arraycopy(request.authenticator(), 0, copy, 4, 16);
                Arrays.fill(copy, offset + 2, offset + 18, (byte) 0);
                if (!MessageDigest.isEqual(hmacMd5(secret, copy), value)) {
                    throw new AssertionError("wrong Message-Authenticator");
                }
            }
            if (type == VENDOR_SPECIFIC && value.length >= 6) {
                int vendor = ((value[0] & 0xFF) << 24)
                        | ((value[1] & 0xFF) << 16)
                        | ((value[2] & 0xFF) << 8)
                        | (value[3] & 0xFF);
                int sub = 4;
                while (sub + 2 <= value.length) {
                    int subLength = value[sub + 1] & 0xFF;
                    attributes.add(new Attribute(
                            vendor, value[sub] & 0xFF, Arrays.copyOfRange(value, sub + 2, sub + subLength)));
                    sub += subLength;
                }
            } else {
                attributes.add(Attribute.of(type, value));
            }
            offset += attributeLength;
        }
        return new Answer(bytes, bytes[0] & 0xFF, attributes);
    }

    /** A peer's MS-CHAPv2 response for {@code password} to a fresh authenticator challenge. */
    public static MsChapV2Peer msChapV2Peer(String userName, String password) {
        byte[] authenticatorChallenge = new byte[16];
        byte[] peerChallenge = new byte[16];
        RANDOM.nextBytes(authenticatorChallenge);
        RANDOM.nextBytes(peerChallenge);
        return msChapV2Peer(userName, password, authenticatorChallenge, peerChallenge);
    }

    /** A peer's MS-CHAPv2 response with given challenges (RFC 2759 §9.2 vectors in tests). */
    public static MsChapV2Peer msChapV2Peer(
            String userName, String password, byte[] authenticatorChallenge, byte[] peerChallenge) {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        byte[] ntResponse = challengeResponse(challenge, ntPasswordHash(passwordBytes));
        return new MsChapV2Peer(authenticatorChallenge, peerChallenge, ntResponse, userName, passwordBytes);
    }

    /** What the peer expects in MS-CHAP2-Success (RFC 2759 §8.7). */
    public static String expectedAuthenticatorResponse(MsChapV2Peer peer) {
        byte[] hashHash = md4(ntPasswordHash(peer.password()));
        MessageDigest sha1 = sha1();
        sha1.update(hashHash);
        sha1.update(peer.ntResponse());
        sha1.update("Magic server to client signing constant".getBytes(StandardCharsets.US_ASCII));
        byte[] digest = sha1.digest();
        sha1.update(digest);
        sha1.update(challengeHash(peer.peerChallenge(), peer.authenticatorChallenge(), peer.userName()));
        sha1.update("Pad to make it do more than one iteration".getBytes(StandardCharsets.US_ASCII));
        return "S=" + java.util.HexFormat.of().formatHex(sha1.digest()).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The peer's view of the MPPE keys (RFC 3079): {@code [0]} the server's send key (the peer's
     * receive key), {@code [1]} the server's receive key (the peer's send key).
     */
    public static byte[][] expectedServerMppeKeys(MsChapV2Peer peer) {
        byte[] hashHash = md4(ntPasswordHash(peer.password()));
        MessageDigest sha1 = sha1();
        sha1.update(hashHash);
        sha1.update(peer.ntResponse());
        sha1.update("This is the MPPE Master Key".getBytes(StandardCharsets.US_ASCII));
        byte[] master = Arrays.copyOf(sha1.digest(), 16);
        byte[] magic2 = "On the client side, this is the send key; on the server side, it is the receive key."
                .getBytes(StandardCharsets.US_ASCII);
        byte[] magic3 = "On the client side, this is the receive key; on the server side, it is the send key."
                .getBytes(StandardCharsets.US_ASCII);
        return new byte[][] {startKey(master, magic3), startKey(master, magic2)};
    }

    /** Decrypts an MS-MPPE-Send-Key or -Recv-Key value (RFC 2548 §2.4.2) of an answer to {@code request}. */
    public byte[] decryptMppeKey(byte[] value, Request request) {
        byte[] salt = Arrays.copyOf(value, 2);
        if ((salt[0] & 0x80) == 0) {
            throw new AssertionError("MPPE salt without its high bit");
        }
        byte[] cipher = Arrays.copyOfRange(value, 2, value.length);
        if (cipher.length % 16 != 0) {
            throw new AssertionError("MPPE key not a multiple of 16 octets");
        }
        byte[] plain = new byte[cipher.length];
        byte[] previous = null;
        for (int block = 0; block < cipher.length; block += 16) {
            MessageDigest md5 = md5();
            md5.update(secret);
            if (previous == null) {
                md5.update(request.authenticator());
                md5.update(salt);
            } else {
                md5.update(previous);
            }
            byte[] mask = md5.digest();
            for (int i = 0; i < 16; i++) {
                plain[block + i] = (byte) (cipher[block + i] ^ mask[i]);
            }
            previous = Arrays.copyOfRange(cipher, block, block + 16);
        }
        return Arrays.copyOfRange(plain, 1, 1 + (plain[0] & 0xFF));
    }

    @Override
    public void close() {
        socket.close();
    }

    private int nextIdentifier() {
        nextIdentifier = (nextIdentifier + 1) & 0xFF;
        return nextIdentifier;
    }

    /** Builds a packet; a Message-Authenticator, when asked for, comes first. */
    public static Request build(
            int code,
            int identifier,
            byte[] authenticator,
            List<Attribute> attributes,
            boolean messageAuthenticator,
            byte[] secret) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(code);
        out.write(identifier);
        out.write(0);
        out.write(0);
        out.writeBytes(authenticator);
        if (messageAuthenticator) {
            out.write(MESSAGE_AUTHENTICATOR);
            out.write(18);
            out.writeBytes(new byte[16]);
        }
        for (Attribute attribute : attributes) {
            if (attribute.vendor() >= 0) {
                out.write(VENDOR_SPECIFIC);
                out.write(8 + attribute.value().length);
                out.write(attribute.vendor() >>> 24);
                out.write(attribute.vendor() >>> 16);
                out.write(attribute.vendor() >>> 8);
                out.write(attribute.vendor());
            }
            out.write(attribute.type());
            out.write(2 + attribute.value().length);
            out.writeBytes(attribute.value());
        }
        byte[] packet = out.toByteArray();
        packet[2] = (byte) (packet.length >>> 8);
        packet[3] = (byte) packet.length;
        if (messageAuthenticator) {
            byte[] mac = hmacMd5(secret, packet);
            System.arraycopy(mac, 0, packet, 22, 16);
        }
        return new Request(packet);
    }

    private byte[] hidePassword(byte[] password, byte[] authenticator) {
        int length = Math.max(16, ((password.length + 15) / 16) * 16);
        byte[] padded = Arrays.copyOf(password, length);
        byte[] out = new byte[length];
        byte[] previous = authenticator;
        for (int block = 0; block < length; block += 16) {
            MessageDigest md5 = md5();
            md5.update(secret);
            md5.update(previous);
            byte[] mask = md5.digest();
            for (int i = 0; i < 16; i++) {
                out[block + i] = (byte) (padded[block + i] ^ mask[i]);
            }
            previous = Arrays.copyOfRange(out, block, block + 16);
        }
        return out;
    }

    private static byte[] responseAuthenticator(byte[] packet, byte[] requestAuthenticator, byte[] secret) {
        MessageDigest md5 = md5();
        md5.update(packet, 0, 4);
        md5.update(requestAuthenticator);
        md5.update(packet, 20, packet.length - 20);
        md5.update(secret);
        return md5.digest();
    }

    private static byte[] challengeHash(byte[] peerChallenge, byte[] authenticatorChallenge, String userName) {
        MessageDigest sha1 = sha1();
        sha1.update(peerChallenge);
        sha1.update(authenticatorChallenge);
        sha1.update(userName.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(sha1.digest(), 8);
    }

    private static byte[] ntPasswordHash(byte[] password) {
        return md4(new String(password, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE));
    }

    private static byte[] challengeResponse(byte[] challenge, byte[] passwordHash) {
        byte[] z = Arrays.copyOf(passwordHash, 21);
        byte[] response = new byte[24];
        for (int part = 0; part < 3; part++) {
            byte[] key = new byte[8];
            for (int i = 0; i < 8; i++) {
                int bit = i * 7;
                int value = ((z[part * 7 + bit / 8] & 0xFF) << 8)
                        | (bit / 8 + 1 < 7 ? z[part * 7 + bit / 8 + 1] & 0xFF : 0);
                key[i] = (byte) (((value >>> (9 - bit % 8)) & 0x7F) << 1);
            }
            DESEngine des = new DESEngine();
            des.init(true, new KeyParameter(key));
            des.processBlock(challenge, 0, response, part * 8);
        }
        return response;
    }

    private static byte[] startKey(byte[] master, byte[] magic) {
        MessageDigest sha1 = sha1();
        sha1.update(master);
        sha1.update(new byte[40]);
        sha1.update(magic);
        byte[] pad2 = new byte[40];
        Arrays.fill(pad2, (byte) 0xF2);
        sha1.update(pad2);
        return Arrays.copyOf(sha1.digest(), 16);
    }

    private static byte[] md4(byte[] input) {
        MD4Digest md4 = new MD4Digest();
        md4.update(input, 0, input.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        return out;
    }

    private static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
