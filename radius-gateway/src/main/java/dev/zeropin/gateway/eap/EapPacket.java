package dev.zeropin.gateway.eap;

import java.util.Arrays;
import java.util.List;

/**
 * One EAP packet (RFC 3748 §4): code, identifier and, for a Request or Response, its type and
 * type data. Read from the EAP-Message attributes of an Access-Request, reassembled (RFC 3579
 * §3.1); the RADIUS layer cuts outgoing packets into attributes of at most 253 octets.
 *
 * @param code {@link #REQUEST}, {@link #RESPONSE}, {@link #SUCCESS} or {@link #FAILURE}
 * @param identifier matches a Response to its Request
 * @param type the method of a Request or Response (0 for Success and Failure)
 * @param data what follows the type
 */
public record EapPacket(int code, int identifier, int type, byte[] data) {

    public static final int REQUEST = 1;
    public static final int RESPONSE = 2;
    public static final int SUCCESS = 3;
    public static final int FAILURE = 4;

    public static final int IDENTITY = 1;
    public static final int NAK = 3;
    public static final int GTC = 6;
    public static final int MSCHAPV2 = 26;

    /** The longest EAP packet the gateway reads or writes: what fits in one 4096-octet RADIUS packet. */
    public static final int MAX_LENGTH = 4000;

    /** A Request or Response of {@code type}. */
    public static EapPacket of(int code, int identifier, int type, byte[] data) {
        return new EapPacket(code, identifier & 0xFF, type, data);
    }

    /** A Success or Failure (RFC 3748 §4.2): four octets, the identifier of the Response it answers. */
    public static EapPacket result(int code, int identifier) {
        return new EapPacket(code, identifier & 0xFF, 0, new byte[0]);
    }

    /**
     * Joins the values of consecutive EAP-Message attributes and reads the packet they carry.
     *
     * @throws IllegalArgumentException when they do not hold exactly one well-formed EAP packet
     */
    public static EapPacket reassemble(List<byte[]> fragments) {
        int total = 0;
        for (byte[] fragment : fragments) {
            total += fragment.length;
        }
        if (total < 4 || total > MAX_LENGTH) {
            throw new IllegalArgumentException("EAP packet length");
        }
        byte[] bytes = new byte[total];
        int offset = 0;
        for (byte[] fragment : fragments) {
            System.arraycopy(fragment, 0, bytes, offset, fragment.length);
            offset += fragment.length;
        }
        return read(bytes);
    }

    /**
     * Reads one EAP packet whose Length field must equal its size.
     *
     * @throws IllegalArgumentException when it is malformed
     */
    public static EapPacket read(byte[] bytes) {
        if (bytes.length < 4) {
            throw new IllegalArgumentException("EAP packet shorter than its header");
        }
        int code = bytes[0] & 0xFF;
        int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        if (length != bytes.length) {
            throw new IllegalArgumentException("EAP Length field does not match the EAP-Message attributes");
        }
        if (code == SUCCESS || code == FAILURE) {
            if (length != 4) {
                throw new IllegalArgumentException("EAP Success or Failure with data");
            }
            return result(code, bytes[1]);
        }
        if ((code != REQUEST && code != RESPONSE) || length < 5) {
            throw new IllegalArgumentException("EAP code or length");
        }
        return new EapPacket(code, bytes[1] & 0xFF, bytes[4] & 0xFF, Arrays.copyOfRange(bytes, 5, length));
    }

    /** The packet on the wire. */
    public byte[] bytes() {
        boolean typed = code == REQUEST || code == RESPONSE;
        int length = typed ? 5 + data.length : 4;
        if (length > MAX_LENGTH) {
            throw new IllegalStateException("EAP packet too long");
        }
        byte[] out = new byte[length];
        out[0] = (byte) code;
        out[1] = (byte) identifier;
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        if (typed) {
            out[4] = (byte) type;
            System.arraycopy(data, 0, out, 5, data.length);
        }
        return out;
    }

    @Override
    public String toString() {
        // The data may hold an OTP (EAP-GTC): never printed.
        return "EapPacket[code=" + code + " identifier=" + identifier + " type=" + type + " length=" + data.length
                + "]";
    }
}
