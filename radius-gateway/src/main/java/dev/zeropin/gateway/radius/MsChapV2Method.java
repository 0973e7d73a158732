package dev.zeropin.gateway.radius;

import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.VerifyAnswer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MS-CHAPv2 in RADIUS (RFC 2548, RFC 2759): MS-CHAP-Challenge and MS-CHAP2-Response in the
 * request; MS-CHAP2-Success with the authenticator response and the MPPE keys in the Accept, or
 * MS-CHAP-Error in the Reject.
 */
final class MsChapV2Method implements AccessMethod {

    /** Length of MS-CHAP2-Response: identifier, flags, peer challenge, reserved, NT-Response. */
    private static final int RESPONSE_LENGTH = 50;

    /**
     * The longest MS-CHAP-Error text: a Microsoft sub-attribute holds at most 247 octets (255 less
     * the Vendor-Specific header, the vendor id and its own header), one of which is the identifier.
     */
    private static final int MAX_ERROR_TEXT = 246;

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "MSCHAPV2";
    }

    @Override
    public AuthMethod authMethod() {
        return AuthMethod.MSCHAPV2;
    }

    @Override
    public boolean presentIn(InboundPacket packet) {
        return !responses(packet).isEmpty();
    }

    @Override
    public Optional<Credential> credential(InboundPacket packet, byte[] secret, String userName)
            throws DroppedPacketException {
        List<byte[]> responses = responses(packet);
        List<byte[]> challenges = packet.vendorValues(RadiusDictionary.MICROSOFT, RadiusDictionary.MS_CHAP_CHALLENGE);
        if (responses.size() != 1
                || responses.get(0).length != RESPONSE_LENGTH
                || challenges.size() != 1
                || challenges.get(0).length != Credential.MsChapV2.CHALLENGE_LENGTH) {
            throw new DroppedPacketException(DropReason.MALFORMED, "MS-CHAP2-Response or MS-CHAP-Challenge");
        }
        byte[] response = responses.get(0);
        return Optional.of(new Credential.MsChapV2(
                challenges.get(0),
                Arrays.copyOfRange(response, 2, 18),
                Arrays.copyOfRange(response, 26, 50),
                userName));
    }

    @Override
    public boolean completeAccept(ResponseBuilder response, InboundPacket packet, VerifyAnswer answer) {
        VerifyAnswer.MsChapV2Success success = answer.msChapV2();
        if (success == null
                || success.authenticatorResponse() == null
                || success.mppeSendKey() == null
                || success.mppeRecvKey() == null) {
            return false;
        }
        response.microsoft(
                RadiusDictionary.MS_CHAP2_SUCCESS,
                concat(msChapIdent(packet), success.authenticatorResponse().getBytes(StandardCharsets.US_ASCII)));
        mppeKeys(response, success.mppeSendKey(), success.mppeRecvKey());
        return true;
    }

    @Override
    public Byte msChapIdent(InboundPacket packet) {
        List<byte[]> responses = responses(packet);
        return responses.isEmpty() || responses.get(0).length == 0
                ? Byte.valueOf((byte) 0)
                : Byte.valueOf(responses.get(0)[0]);
    }

    /**
     * MS-MPPE-Send-Key and -Recv-Key (RFC 2548, encrypted), and the encryption policy and types:
     * what MS-CHAPv2 and EAP-MSCHAPv2 give the NAS for the link's encryption.
     */
    static void mppeKeys(ResponseBuilder response, byte[] mppeSendKey, byte[] mppeRecvKey) {
        byte[] sendKey = mppeSendKey.clone();
        byte[] recvKey = mppeRecvKey.clone();
        response.mppeKey(RadiusDictionary.MS_MPPE_SEND_KEY, sendKey, (byte) 0)
                .mppeKey(RadiusDictionary.MS_MPPE_RECV_KEY, recvKey, (byte) 1)
                .microsoft(RadiusDictionary.MS_MPPE_ENCRYPTION_POLICY, integer(1))
                .microsoft(RadiusDictionary.MS_MPPE_ENCRYPTION_TYPES, integer(6));
        Arrays.fill(sendKey, (byte) 0);
        Arrays.fill(recvKey, (byte) 0);
    }

    /**
     * The MS-CHAP-Error of a Reject (RFC 2759 §6: E=691, authentication failure, no retry, a new
     * challenge), with the reject's words as its message, cut to fit one attribute.
     */
    static byte[] error(byte ident, String message) {
        byte[] challenge = new byte[16];
        RANDOM.nextBytes(challenge);
        String error = "E=691 R=0 C=" + HEX.formatHex(challenge).toUpperCase(Locale.ROOT) + " V=3 M="
                + asciiOnly(message == null || message.isEmpty() ? "Authentication failed" : message);
        if (error.length() > MAX_ERROR_TEXT) {
            error = error.substring(0, MAX_ERROR_TEXT);
        }
        return concat(ident, error.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<byte[]> responses(InboundPacket packet) {
        return packet.vendorValues(RadiusDictionary.MICROSOFT, RadiusDictionary.MS_CHAP2_RESPONSE);
    }

    private static byte[] integer(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte first, byte[] rest) {
        byte[] all = new byte[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Printable ASCII only, at most 200 characters: the message part of MS-CHAP-Error. */
    private static String asciiOnly(String text) {
        StringBuilder ascii = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && ascii.length() < 200; i++) {
            char c = text.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return ascii.toString();
    }
}
