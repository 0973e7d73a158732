package dev.zeropin.internal.otp;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the NAS presented the password, for the audit trail and metrics. Distinct from the {@link
 * Credential}: EAP-GTC carries the OTP itself (a {@link Credential.Pap}), EAP-MSCHAPv2 the same
 * response as MS-CHAPv2.
 */
public enum AuthMethod {
    /** RFC 2865 User-Password. */
    PAP("PAP"),
    /** RFC 2865 CHAP-Password. */
    CHAP("CHAP"),
    /** RFC 2548 MS-CHAP2-Response. */
    MSCHAPV2("MSCHAPV2"),
    /** EAP-GTC (RFC 3748): the OTP as the response. */
    EAP_GTC("EAP-GTC"),
    /** EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2). */
    EAP_MSCHAPV2("EAP-MSCHAPV2"),
    /** PEAP v0 with inner EAP-MSCHAPv2 or EAP-GTC. */
    PEAP("PEAP"),
    /** EAP-TTLS with inner PAP. */
    EAP_TTLS("EAP-TTLS");

    private final String label;

    AuthMethod(String label) {
        this.label = label;
    }

    /** The name on the wire, in events and in metrics ({@code PAP}, {@code EAP-GTC}, ...). */
    @JsonValue
    public String label() {
        return label;
    }
}
