package dev.zeropin.gateway.radius;

/** Why a packet was dropped without an answer; the name is the metric tag and event reason. */
public enum DropReason {
    /** The source address belongs to no RADIUS client. */
    UNKNOWN_CLIENT,
    /** Length, attribute lengths, attribute values or the User-Password are malformed. */
    MALFORMED,
    /** A code the gateway does not handle (or not on this port). */
    UNKNOWN_CODE,
    /** An Access-Request or Status-Server without the Message-Authenticator its client requires. */
    MISSING_MESSAGE_AUTHENTICATOR,
    /** A legacy client's Access-Request with Proxy-State but no Message-Authenticator (BlastRADIUS). */
    PROXY_STATE_WITHOUT_MESSAGE_AUTHENTICATOR,
    /** The Message-Authenticator does not match any secret of the client. */
    BAD_MESSAGE_AUTHENTICATOR,
    /** The Request Authenticator of an Accounting-Request does not match any secret of the client. */
    BAD_AUTHENTICATOR,
    /** A retransmission that arrived while the first copy was still being processed. */
    DUPLICATE_IN_PROGRESS,
    /** The gateway gave no answer on purpose (otp-service unavailable in "silence" mode, events down). */
    NO_ANSWER;

    /** The snake_case name used in metrics and events. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
