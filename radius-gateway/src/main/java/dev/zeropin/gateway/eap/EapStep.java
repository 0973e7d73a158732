package dev.zeropin.gateway.eap;

/** What the gateway answers to one round of an EAP conversation. */
public sealed interface EapStep {

    /** The label of the method for metrics and events ({@code EAP}, {@code EAP-GTC}, {@code EAP-MSCHAPV2}). */
    String method();

    /**
     * Access-Challenge carrying {@code request} and the sealed conversation as State.
     *
     * @param method the method label
     * @param request the EAP-Request for the peer
     * @param state the State attribute's value
     */
    record Challenge(String method, EapPacket request, byte[] state) implements EapStep {}

    /**
     * Access-Accept carrying {@code success}, and for EAP-MSCHAPv2 the MPPE keys.
     *
     * @param method the method label
     * @param success the EAP-Success
     * @param replyMessage the project's wording, or null
     * @param sendKey MS-MPPE-Send-Key in clear (encrypted by the RADIUS layer), or null
     * @param recvKey MS-MPPE-Recv-Key in clear, or null
     */
    record Accept(String method, EapPacket success, String replyMessage, byte[] sendKey, byte[] recvKey)
            implements EapStep {
        @Override
        public String toString() {
            return "Accept[" + method + "]";
        }
    }

    /**
     * Access-Reject (the RADIUS layer adds EAP-Failure and the Reply-Message).
     *
     * @param method the method label
     * @param reason the stable snake_case reason
     * @param replyMessage the wording, or null for the default one
     */
    record Reject(String method, String reason, String replyMessage) implements EapStep {}

    /**
     * otp-service could not decide: the RADIUS layer answers as configured for that case.
     *
     * @param method the method label
     * @param cause timeout, overloaded, unreachable or error
     */
    record Unavailable(String method, String cause) implements EapStep {}

    /**
     * Not a well-formed EAP packet: the Access-Request is dropped.
     *
     * @param method the method label
     * @param detail what was wrong (no packet content)
     */
    record Malformed(String method, String detail) implements EapStep {}
}
