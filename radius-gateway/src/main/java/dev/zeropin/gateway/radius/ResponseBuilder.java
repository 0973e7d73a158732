package dev.zeropin.gateway.radius;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyradius.core.RadiusPacketException;
import org.tinyradius.core.attribute.type.RadiusAttribute;
import org.tinyradius.core.attribute.type.VendorSpecificAttribute;
import org.tinyradius.core.dictionary.Dictionary;
import org.tinyradius.core.packet.response.RadiusResponse;

/**
 * Builds a signed response to a request. Unlike tinyradius-netty's own encoder, the
 * Message-Authenticator is always the <em>first</em> attribute (BlastRADIUS hardening), and the
 * request's Proxy-State attributes are echoed last, in their order (RFC 2865 §5.33).
 */
final class ResponseBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_TEXT = 253;

    private final Dictionary dictionary = RadiusDictionary.INSTANCE;
    private final int code;
    private final InboundPacket request;
    private final byte[] secret;
    private final List<RadiusAttribute> attributes = new ArrayList<>();
    private final List<RadiusAttribute> microsoft = new ArrayList<>();

    ResponseBuilder(int code, InboundPacket request, byte[] secret) {
        this.code = code;
        this.request = request;
        this.secret = secret;
    }

    /** Adds Reply-Message attributes (split at 253 octets); nothing for null or empty text. */
    ResponseBuilder replyMessage(String text) {
        if (text == null || text.isEmpty()) {
            return this;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int start = 0; start < bytes.length && start < 4 * MAX_TEXT; start += MAX_TEXT) {
            byte[] chunk = Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + MAX_TEXT));
            attributes.add(dictionary.createAttribute(-1, RadiusDictionary.REPLY_MESSAGE, chunk));
        }
        return this;
    }

    /** Adds an EAP packet as consecutive EAP-Message attributes of at most 253 octets each (RFC 3579 §3.1). */
    ResponseBuilder eapMessage(byte[] packet) {
        for (int start = 0; start < packet.length; start += MAX_TEXT) {
            byte[] chunk = Arrays.copyOfRange(packet, start, Math.min(packet.length, start + MAX_TEXT));
            attributes.add(dictionary.createAttribute(-1, RadiusDictionary.EAP_MESSAGE, chunk));
        }
        return this;
    }

    /** Adds one attribute (such as State) as it is. */
    ResponseBuilder attribute(int type, byte[] value) {
        attributes.add(dictionary.createAttribute(-1, type, value));
        return this;
    }

    /** Adds a Microsoft vendor attribute (RFC 2548). */
    ResponseBuilder microsoft(int type, byte[] value) {
        microsoft.add(dictionary.createAttribute(RadiusDictionary.MICROSOFT, type, value));
        return this;
    }

    /** Adds MS-MPPE-Send-Key or -Recv-Key, encrypted with the secret and the request authenticator. */
    ResponseBuilder mppeKey(int type, byte[] key, byte saltLow) {
        return microsoft(type, encryptMppeKey(key, saltLow));
    }

    /**
     * RFC 2548 §2.4.2: salt (high bit set) ‖ the key length, key and zero padding, XORed with
     * MD5(secret ‖ request authenticator ‖ salt), then MD5(secret ‖ previous cipher block).
     */
    byte[] encryptMppeKey(byte[] key, byte saltLow) {
        byte[] salt = new byte[2];
        RANDOM.nextBytes(salt);
        salt[0] |= (byte) 0x80;
        // Unique per packet: the low bit tells the send key from the receive key.
        salt[1] = (byte) ((salt[1] & 0xFE) | (saltLow & 1));
        int plainLength = ((1 + key.length + 15) / 16) * 16;
        byte[] plain = new byte[plainLength];
        plain[0] = (byte) key.length;
        System.arraycopy(key, 0, plain, 1, key.length);
        byte[] out = new byte[2 + plainLength];
        out[0] = salt[0];
        out[1] = salt[1];
        byte[] previous = null;
        for (int block = 0; block < plainLength; block += 16) {
            java.security.MessageDigest md5 = RadiusCrypto.md5();
            md5.update(secret);
            if (previous == null) {
                md5.update(request.authenticator());
                md5.update(salt);
            } else {
                md5.update(previous);
            }
            byte[] mask = md5.digest();
            for (int i = 0; i < 16; i++) {
                out[2 + block + i] = (byte) (plain[block + i] ^ mask[i]);
            }
            previous = Arrays.copyOfRange(out, 2 + block, 2 + block + 16);
        }
        Arrays.fill(plain, (byte) 0);
        return out;
    }

    /** The signed datagram: Message-Authenticator first, then the attributes, then Proxy-State. */
    byte[] build() {
        List<RadiusAttribute> all = new ArrayList<>();
        all.add(dictionary.createAttribute(-1, RadiusDictionary.MESSAGE_AUTHENTICATOR, new byte[16]));
        all.addAll(attributes);
        for (RadiusAttribute attribute : microsoft) {
            all.add(new VendorSpecificAttribute(dictionary, RadiusDictionary.MICROSOFT, List.of(attribute)));
        }
        all.addAll(request.attributes(RadiusDictionary.PROXY_STATE));
        byte[] requestAuthenticator = request.authenticator();
        byte[] packet;
        try {
            packet = RadiusResponse.create(
                            dictionary, (byte) code, (byte) request.identifier(), requestAuthenticator, all)
                    .toBytes();
        } catch (RadiusPacketException e) {
            throw new IllegalStateException("response too long", e);
        }
        int messageAuthenticator = RadiusCrypto.HEADER_LENGTH + 2;
        byte[] mac = RadiusCrypto.messageAuthenticator(packet, messageAuthenticator, requestAuthenticator, secret);
        System.arraycopy(mac, 0, packet, messageAuthenticator, 16);
        byte[] responseAuthenticator = RadiusCrypto.packetAuthenticator(packet, requestAuthenticator, secret);
        System.arraycopy(
                responseAuthenticator, 0, packet, RadiusCrypto.AUTHENTICATOR_OFFSET, RadiusCrypto.AUTHENTICATOR_LENGTH);
        return packet;
    }
}
