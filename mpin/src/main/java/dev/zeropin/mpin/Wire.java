package dev.zeropin.mpin;

import java.util.Base64;

/** Binary values on the wire: base64url without padding. */
public final class Wire {

    /** The curve name announced to devices. */
    public static final String CURVE = "BLS12381-SHA256";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Wire() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes base64url without padding.
     *
     * @throws InvalidPointException when the text is not base64url or carries padding
     */
    public static byte[] decode(String text) throws InvalidPointException {
        if (text == null || text.indexOf('=') >= 0 || text.length() > 4096) {
            throw new InvalidPointException("not base64url without padding");
        }
        try {
            return DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPointException("not base64url without padding");
        }
    }
}
