package dev.zeropin.gateway.radius;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tinyradius.core.attribute.type.RadiusAttribute;
import org.tinyradius.core.attribute.type.VendorSpecificAttribute;
import org.tinyradius.core.packet.request.RadiusRequest;

/**
 * A received RADIUS packet that is well formed: its bytes (without padding), header fields and
 * attributes as tinyradius-netty parsed them, and where its Message-Authenticator is.
 */
final class InboundPacket {

    static final int ACCESS_REQUEST = 1;
    static final int ACCESS_ACCEPT = 2;
    static final int ACCESS_REJECT = 3;
    static final int ACCOUNTING_REQUEST = 4;
    static final int ACCOUNTING_RESPONSE = 5;
    static final int ACCESS_CHALLENGE = 11;
    static final int STATUS_SERVER = 12;

    private final byte[] bytes;
    private final RadiusRequest request;
    private final int messageAuthenticatorOffset;

    private InboundPacket(byte[] bytes, RadiusRequest request, int messageAuthenticatorOffset) {
        this.bytes = bytes;
        this.request = request;
        this.messageAuthenticatorOffset = messageAuthenticatorOffset;
    }

    /**
     * Checks the framing of a datagram and parses it.
     *
     * @throws DroppedPacketException when it is not a well-formed RADIUS packet of a handled code
     */
    static InboundPacket read(byte[] datagram) throws DroppedPacketException {
        if (datagram.length < RadiusCrypto.HEADER_LENGTH) {
            throw new DroppedPacketException(DropReason.MALFORMED, "shorter than a header");
        }
        if (datagram.length > 4096) {
            throw new DroppedPacketException(DropReason.MALFORMED, "longer than 4096 octets");
        }
        int declared = ((datagram[2] & 0xFF) << 8) | (datagram[3] & 0xFF);
        if (declared < RadiusCrypto.HEADER_LENGTH || declared > datagram.length) {
            throw new DroppedPacketException(DropReason.MALFORMED, "length field does not match the datagram");
        }
        int code = datagram[0] & 0xFF;
        if (code != ACCESS_REQUEST && code != ACCOUNTING_REQUEST && code != STATUS_SERVER) {
            throw new DroppedPacketException(DropReason.UNKNOWN_CODE, "code " + code);
        }
        // RFC 2865 §3: octets beyond the Length field are padding.
        byte[] bytes = declared == datagram.length ? datagram : Arrays.copyOf(datagram, declared);
        int messageAuthenticator = checkAttributeFraming(bytes);
        RadiusRequest request;
        try {
            request = RadiusRequest.fromByteBuf(RadiusDictionary.INSTANCE, Unpooled.wrappedBuffer(bytes));
        } catch (Exception e) {
            throw new DroppedPacketException(
                    DropReason.MALFORMED, "attributes: " + e.getClass().getSimpleName());
        }
        return new InboundPacket(bytes, request, messageAuthenticator);
    }

    /** Walks the attributes; returns the offset of the Message-Authenticator value, or -1. */
    private static int checkAttributeFraming(byte[] bytes) throws DroppedPacketException {
        int offset = RadiusCrypto.HEADER_LENGTH;
        int found = -1;
        while (offset < bytes.length) {
            if (offset + 2 > bytes.length) {
                throw new DroppedPacketException(DropReason.MALFORMED, "truncated attribute");
            }
            int type = bytes[offset] & 0xFF;
            int length = bytes[offset + 1] & 0xFF;
            if (length < 2 || offset + length > bytes.length) {
                throw new DroppedPacketException(DropReason.MALFORMED, "attribute length");
            }
            if (type == RadiusDictionary.MESSAGE_AUTHENTICATOR) {
                if (found >= 0 || length != 18) {
                    throw new DroppedPacketException(DropReason.MALFORMED, "Message-Authenticator");
                }
                found = offset + 2;
            }
            offset += length;
        }
        return found;
    }

    int code() {
        return bytes[0] & 0xFF;
    }

    int identifier() {
        return bytes[1] & 0xFF;
    }

    byte[] authenticator() {
        return Arrays.copyOfRange(bytes, RadiusCrypto.AUTHENTICATOR_OFFSET, RadiusCrypto.HEADER_LENGTH);
    }

    byte[] bytes() {
        return bytes;
    }

    boolean hasMessageAuthenticator() {
        return messageAuthenticatorOffset >= 0;
    }

    /**
     * The secret among {@code secrets} whose Message-Authenticator matches, compared in constant
     * time. {@code headerAuthenticator} is the packet's own authenticator (Access-Request,
     * Status-Server) or sixteen zeros (Accounting-Request, RFC 3579 §3.2).
     */
    Optional<byte[]> secretOfMessageAuthenticator(List<byte[]> secrets, byte[] headerAuthenticator) {
        byte[] received = Arrays.copyOfRange(bytes, messageAuthenticatorOffset, messageAuthenticatorOffset + 16);
        byte[] match = null;
        for (byte[] secret : secrets) {
            byte[] expected =
                    RadiusCrypto.messageAuthenticator(bytes, messageAuthenticatorOffset, headerAuthenticator, secret);
            if (java.security.MessageDigest.isEqual(expected, received) && match == null) {
                match = secret;
            }
        }
        return Optional.ofNullable(match);
    }

    /** The secret among {@code secrets} that yields this Accounting-Request's authenticator. */
    Optional<byte[]> secretOfAccountingAuthenticator(List<byte[]> secrets) {
        byte[] received = authenticator();
        byte[] match = null;
        for (byte[] secret : secrets) {
            byte[] expected = RadiusCrypto.packetAuthenticator(bytes, new byte[16], secret);
            if (java.security.MessageDigest.isEqual(expected, received) && match == null) {
                match = secret;
            }
        }
        return Optional.ofNullable(match);
    }

    /** Every top-level attribute of {@code type}, in order. */
    List<RadiusAttribute> attributes(int type) {
        List<RadiusAttribute> found = new ArrayList<>();
        for (RadiusAttribute attribute : request.getAttributes()) {
            if (attribute.getVendorId() == -1 && attribute.getType() == type) {
                found.add(attribute);
            }
        }
        return found;
    }

    /** The value of the single top-level attribute of {@code type}, if present once. */
    Optional<byte[]> value(int type) {
        List<RadiusAttribute> found = attributes(type);
        return found.size() == 1 ? Optional.of(found.get(0).getValue()) : Optional.empty();
    }

    /** Every sub-attribute of {@code vendor} and {@code type} in the Vendor-Specific attributes. */
    List<byte[]> vendorValues(int vendor, int type) {
        List<byte[]> found = new ArrayList<>();
        for (RadiusAttribute attribute : request.getAttributes()) {
            if (attribute instanceof VendorSpecificAttribute vsa && vsa.getChildVendorId() == vendor) {
                for (RadiusAttribute sub : vsa.getAttributes()) {
                    if (sub.getType() == type) {
                        found.add(sub.getValue());
                    }
                }
            }
        }
        return found;
    }

    /** The decoded User-Password (RFC 2865 §5.2), the padding removed. */
    byte[] userPassword(byte[] secret) throws DroppedPacketException {
        byte[] hidden = value(RadiusDictionary.USER_PASSWORD)
                .orElseThrow(() -> new DroppedPacketException(DropReason.MALFORMED, "User-Password"));
        if (hidden.length < 16 || hidden.length > 128 || hidden.length % 16 != 0) {
            throw new DroppedPacketException(DropReason.MALFORMED, "User-Password length");
        }
        byte[] plain = new byte[hidden.length];
        byte[] previous = authenticator();
        for (int block = 0; block < hidden.length; block += 16) {
            java.security.MessageDigest md5 = RadiusCrypto.md5();
            md5.update(secret);
            md5.update(previous);
            byte[] mask = md5.digest();
            for (int i = 0; i < 16; i++) {
                plain[block + i] = (byte) (hidden[block + i] ^ mask[i]);
            }
            previous = Arrays.copyOfRange(hidden, block, block + 16);
        }
        int end = plain.length;
        while (end > 0 && plain[end - 1] == 0) {
            end--;
        }
        byte[] password = Arrays.copyOf(plain, end);
        Arrays.fill(plain, (byte) 0);
        return password;
    }
}
