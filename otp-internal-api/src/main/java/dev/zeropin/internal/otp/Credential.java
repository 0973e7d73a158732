package dev.zeropin.internal.otp;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the NAS sent that proves knowledge of the OTP. otp-service checks it against each of the
 * user's live OTPs; the OTP itself never leaves otp-service. Binary values travel as base64.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Credential.Pap.class, name = "pap"),
    @JsonSubTypes.Type(value = Credential.Chap.class, name = "chap"),
    @JsonSubTypes.Type(value = Credential.MsChapV2.class, name = "mschapv2")
})
public sealed interface Credential permits Credential.Pap, Credential.Chap, Credential.MsChapV2 {

    /**
     * The password in clear (PAP User-Password, EAP-GTC response, EAP-TTLS inner PAP).
     *
     * @param password the OTP as typed (at most {@value InternalOtpApi#MAX_PASSWORD_LENGTH} characters)
     */
    record Pap(String password) implements Credential {

        @Override
        public String toString() {
            return "Pap[password=<hidden>]";
        }
    }

    /**
     * RFC 1994 CHAP: {@code response = MD5(id ‖ OTP ‖ challenge)}.
     *
     * @param id the CHAP identifier (0–255), the first octet of CHAP-Password
     * @param challenge CHAP-Challenge, or else the Request Authenticator (1 to 253 bytes)
     * @param response the 16-byte response, the rest of CHAP-Password
     */
    record Chap(int id, byte[] challenge, byte[] response) implements Credential {

        /** Length of a CHAP response (MD5). */
        public static final int RESPONSE_LENGTH = 16;

        /** Longest challenge (one RADIUS attribute). */
        public static final int MAX_CHALLENGE_LENGTH = 253;
    }

    /**
     * RFC 2759 MS-CHAPv2, as carried by RADIUS (RFC 2548) or by EAP-MSCHAPv2.
     *
     * @param authenticatorChallenge the 16-byte challenge of the authenticator
     * @param peerChallenge the 16-byte Peer-Challenge
     * @param ntResponse the 24-byte NT-Response
     * @param userName the user name exactly as the peer sent it (it enters the challenge hash)
     */
    record MsChapV2(byte[] authenticatorChallenge, byte[] peerChallenge, byte[] ntResponse, String userName)
            implements Credential {

        /** Length of both challenges. */
        public static final int CHALLENGE_LENGTH = 16;

        /** Length of the NT-Response. */
        public static final int NT_RESPONSE_LENGTH = 24;
    }
}
