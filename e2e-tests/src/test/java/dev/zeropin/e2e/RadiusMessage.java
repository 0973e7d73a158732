package dev.zeropin.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A RADIUS packet as the tests build and read it, written from RFC 2865, 2866, 2869, 3579 and 2548
 * alone: it shares no code with the gateway, so that it can catch the gateway's mistakes.
 *
 * @param code the packet type
 * @param identifier the identifier (0–255)
 * @param authenticator the 16-byte (request or response) authenticator
 * @param attributes the attributes in wire order
 */
record RadiusMessage(int code, int identifier, byte[] authenticator, List<Attribute> attributes) {

    static final int ACCESS_REQUEST = 1;
    static final int ACCESS_ACCEPT = 2;
    static final int ACCESS_REJECT = 3;
    static final int ACCOUNTING_REQUEST = 4;
    static final int ACCOUNTING_RESPONSE = 5;
    static final int STATUS_SERVER = 12;

    static final int USER_NAME = 1;
    static final int USER_PASSWORD = 2;
    static final int CHAP_PASSWORD = 3;
    static final int NAS_IP_ADDRESS = 4;
    static final int REPLY_MESSAGE = 18;
    static final int VENDOR_SPECIFIC = 26;
    static final int NAS_IDENTIFIER = 32;
    static final int PROXY_STATE = 33;
    static final int ACCT_STATUS_TYPE = 40;
    static final int ACCT_INPUT_OCTETS = 42;
    static final int ACCT_OUTPUT_OCTETS = 43;
    static final int ACCT_SESSION_ID = 44;
    static final int ACCT_SESSION_TIME = 46;
    static final int CHAP_CHALLENGE = 60;
    static final int MESSAGE_AUTHENTICATOR = 80;

    /** Microsoft's vendor id (RFC 2548). */
    static final int MICROSOFT = 311;

    static final int MS_CHAP_ERROR = 2;
    static final int MS_CHAP_CHALLENGE = 11;
    static final int MS_MPPE_SEND_KEY = 16;
    static final int MS_MPPE_RECV_KEY = 17;
    static final int MS_CHAP2_RESPONSE = 25;
    static final int MS_CHAP2_SUCCESS = 26;

    /**
     * One attribute; a Vendor-Specific attribute keeps its whole value (vendor id and sub-attributes).
     *
     * @param type the attribute type
     * @param value the value, at most 253 bytes
     */
    record Attribute(int type, byte[] value) {

        static Attribute text(int type, String text) {
            return new Attribute(type, text.getBytes(StandardCharsets.UTF_8));
        }

        static Attribute integer(int type, int value) {
            return new Attribute(type, ByteBuffer.allocate(4).putInt(value).array());
        }

        /** A Vendor-Specific attribute with one sub-attribute. */
        static Attribute vendor(int vendorId, int vendorType, byte[] value) {
            ByteBuffer buffer = ByteBuffer.allocate(6 + value.length);
            buffer.putInt(vendorId)
                    .put((byte) vendorType)
                    .put((byte) (value.length + 2))
                    .put(value);
            return new Attribute(VENDOR_SPECIFIC, buffer.array());
        }

        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        /** The vendor id of a Vendor-Specific attribute. */
        int vendorId() {
            return ByteBuffer.wrap(value, 0, 4).getInt();
        }

        /** The type of the (first) sub-attribute of a Vendor-Specific attribute. */
        int vendorType() {
            return value[4] & 0xFF;
        }

        /** The value of the (first) sub-attribute of a Vendor-Specific attribute. */
        byte[] vendorValue() {
            return Arrays.copyOfRange(value, 6, 4 + (value[5] & 0xFF));
        }
    }

    /** The wire form, with the authenticator as it is. */
    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(code);
        out.write(identifier);
        out.write(0);
        out.write(0);
        out.writeBytes(authenticator);
        for (Attribute attribute : attributes) {
            out.write(attribute.type());
            out.write(attribute.value().length + 2);
            out.writeBytes(attribute.value());
        }
        byte[] bytes = out.toByteArray();
        bytes[2] = (byte) (bytes.length >> 8);
        bytes[3] = (byte) bytes.length;
        return bytes;
    }

    /** Reads a packet; attribute lengths are trusted only as far as the test needs. */
    static RadiusMessage parse(byte[] bytes) {
        int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        List<Attribute> attributes = new ArrayList<>();
        int offset = 20;
        while (offset + 2 <= length) {
            int type = bytes[offset] & 0xFF;
            int attributeLength = bytes[offset + 1] & 0xFF;
            if (attributeLength < 2 || offset + attributeLength > length) {
                throw new AssertionError("malformed attribute at " + offset + " in an answer");
            }
            attributes.add(new Attribute(type, Arrays.copyOfRange(bytes, offset + 2, offset + attributeLength)));
            offset += attributeLength;
        }
        return new RadiusMessage(
                bytes[0] & 0xFF, bytes[1] & 0xFF, Arrays.copyOfRange(bytes, 4, 20), List.copyOf(attributes));
    }

    List<Attribute> all(int type) {
        return attributes.stream().filter(a -> a.type() == type).toList();
    }

    Optional<Attribute> first(int type) {
        return attributes.stream().filter(a -> a.type() == type).findFirst();
    }

    Optional<Attribute> vendor(int vendorId, int vendorType) {
        return attributes.stream()
                .filter(a -> a.type() == VENDOR_SPECIFIC && a.vendorId() == vendorId && a.vendorType() == vendorType)
                .findFirst();
    }

    /** The Reply-Message text (all of them joined), or empty. */
    String replyMessage() {
        return String.join("", all(REPLY_MESSAGE).stream().map(Attribute::text).toList());
    }

    /** This packet with other attributes. */
    RadiusMessage with(List<Attribute> newAttributes) {
        return new RadiusMessage(code, identifier, authenticator, List.copyOf(newAttributes));
    }

    // ---- RFC 2865 / 2866 / 2869 / 3579 computations ----

    /**
     * An Access-Request or Status-Server whose Message-Authenticator (if {@code attributes} holds
     * one, any value) is computed over the packet with the random request authenticator.
     */
    static byte[] signRequest(
            int code, int identifier, byte[] requestAuthenticator, List<Attribute> attributes, byte[] secret) {
        RadiusMessage unsigned =
                new RadiusMessage(code, identifier, requestAuthenticator, zeroMessageAuthenticator(attributes));
        byte[] bytes = unsigned.toBytes();
        fillMessageAuthenticator(bytes, secret);
        return bytes;
    }

    /**
     * An Accounting-Request (RFC 2866 §3): the Message-Authenticator, if any, over the packet with a
     * zero authenticator, then the request authenticator MD5(packet with zeros ‖ secret).
     */
    static byte[] signAccountingRequest(int identifier, List<Attribute> attributes, byte[] secret) {
        byte[] bytes = new RadiusMessage(
                        ACCOUNTING_REQUEST, identifier, new byte[16], zeroMessageAuthenticator(attributes))
                .toBytes();
        fillMessageAuthenticator(bytes, secret);
        byte[] authenticator = md5(bytes, secret);
        System.arraycopy(authenticator, 0, bytes, 4, 16);
        return bytes;
    }

    /** RFC 2865 §5.2: the hidden User-Password. */
    static byte[] hidePassword(byte[] password, byte[] requestAuthenticator, byte[] secret) {
        int length = Math.max(16, (password.length + 15) / 16 * 16);
        byte[] padded = Arrays.copyOf(password, length);
        byte[] hidden = new byte[length];
        byte[] previous = requestAuthenticator;
        for (int block = 0; block < length; block += 16) {
            byte[] mask = md5(secret, previous);
            for (int i = 0; i < 16; i++) {
                hidden[block + i] = (byte) (padded[block + i] ^ mask[i]);
            }
            previous = Arrays.copyOfRange(hidden, block, block + 16);
        }
        return hidden;
    }

    /** RFC 2548 §2.4.2: the key inside an MS-MPPE-Send-Key or MS-MPPE-Recv-Key. */
    static byte[] revealMppeKey(byte[] value, byte[] requestAuthenticator, byte[] secret) {
        if ((value[0] & 0x80) == 0) {
            throw new AssertionError("the salt's most significant bit must be set (RFC 2548)");
        }
        byte[] salt = Arrays.copyOfRange(value, 0, 2);
        byte[] cipher = Arrays.copyOfRange(value, 2, value.length);
        if (cipher.length == 0 || cipher.length % 16 != 0) {
            throw new AssertionError("the encrypted key must be a multiple of 16 bytes");
        }
        byte[] plain = new byte[cipher.length];
        byte[] previous = concat(requestAuthenticator, salt);
        for (int block = 0; block < cipher.length; block += 16) {
            byte[] mask = md5(secret, previous);
            for (int i = 0; i < 16; i++) {
                plain[block + i] = (byte) (cipher[block + i] ^ mask[i]);
            }
            previous = Arrays.copyOfRange(cipher, block, block + 16);
        }
        int keyLength = plain[0] & 0xFF;
        return Arrays.copyOfRange(plain, 1, 1 + keyLength);
    }

    /** True when {@code answer}'s Response Authenticator is right for this request (RFC 2865 §3). */
    static boolean hasValidResponseAuthenticator(byte[] answer, byte[] requestAuthenticator, byte[] secret) {
        byte[] copy = answer.clone();
        System.arraycopy(requestAuthenticator, 0, copy, 4, 16);
        return MessageDigest.isEqual(md5(copy, secret), Arrays.copyOfRange(answer, 4, 20));
    }

    /**
     * True when {@code answer} has exactly one Message-Authenticator and it is right: HMAC-MD5 over
     * the answer with the request authenticator in place and the attribute zeroed (RFC 3579 §3.2).
     */
    static boolean hasValidMessageAuthenticator(byte[] answer, byte[] requestAuthenticator, byte[] secret) {
        RadiusMessage parsed = parse(answer);
        if (parsed.all(MESSAGE_AUTHENTICATOR).size() != 1) {
            return false;
        }
        byte[] copy = answer.clone();
        System.arraycopy(requestAuthenticator, 0, copy, 4, 16);
        int offset = messageAuthenticatorOffset(copy);
        byte[] received = Arrays.copyOfRange(copy, offset, offset + 16);
        Arrays.fill(copy, offset, offset + 16, (byte) 0);
        return MessageDigest.isEqual(hmacMd5(secret, copy), received);
    }

    static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (byte[] part : parts) {
                md5.update(part);
            }
            return md5.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<Attribute> zeroMessageAuthenticator(List<Attribute> attributes) {
        return attributes.stream()
                .map(a -> a.type() == MESSAGE_AUTHENTICATOR ? new Attribute(MESSAGE_AUTHENTICATOR, new byte[16]) : a)
                .toList();
    }

    private static void fillMessageAuthenticator(byte[] bytes, byte[] secret) {
        int offset = messageAuthenticatorOffset(bytes);
        if (offset > 0) {
            System.arraycopy(hmacMd5(secret, bytes), 0, bytes, offset, 16);
        }
    }

    /** The offset of the Message-Authenticator's value, or -1. */
    private static int messageAuthenticatorOffset(byte[] bytes) {
        int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        int offset = 20;
        while (offset + 2 <= length) {
            int attributeLength = bytes[offset + 1] & 0xFF;
            if (attributeLength < 2) {
                return -1;
            }
            if ((bytes[offset] & 0xFF) == MESSAGE_AUTHENTICATOR && attributeLength == 18) {
                return offset + 2;
            }
            offset += attributeLength;
        }
        return -1;
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
}
