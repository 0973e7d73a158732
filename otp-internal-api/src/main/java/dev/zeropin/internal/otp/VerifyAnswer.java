package dev.zeropin.internal.otp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * otp-service's decision on one {@link VerifyRequest}.
 *
 * @param result accept or reject
 * @param reason why (stable codes, see {@link Reason})
 * @param retryAfterSeconds when backed off: the seconds to wait; otherwise null
 * @param replyMessage the project's wording for the VPN user (RADIUS Reply-Message); null for none
 * @param msChapV2 an accepted MS-CHAPv2 response: what the NAS needs to answer the peer; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyAnswer(
        Result result, Reason reason, Long retryAfterSeconds, String replyMessage, MsChapV2Success msChapV2) {

    /** Accept or reject. */
    public enum Result {
        ACCEPT,
        REJECT
    }

    /** Why; the codes are stable (events, metrics, docs/radius.md). */
    public enum Reason {
        /** The credential matched a live OTP, which is now consumed. */
        ACCEPTED("accepted"),
        /** No live OTP matched (also for unknown users: the answer does not tell them apart). */
        INVALID_OTP("invalid_otp"),
        /** Too many failures from this endpoint: backed off for {@code retryAfterSeconds}. */
        LOCKED("locked"),
        /** The OTP matched but another request consumed it first. */
        ALREADY_USED("already_used"),
        /** The project is unknown to otp-service or disabled. */
        PROJECT_DISABLED("project_disabled");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The snake_case code. */
        @JsonValue
        public String code() {
            return code;
        }
    }

    /**
     * What an accepted MS-CHAPv2 exchange gives the NAS (RFC 2759, RFC 3079).
     *
     * @param authenticatorResponse the {@code S=...} string for MS-CHAP2-Success
     * @param mppeSendKey the server's MasterSendKey (16 bytes) for MS-MPPE-Send-Key
     * @param mppeRecvKey the server's MasterReceiveKey (16 bytes) for MS-MPPE-Recv-Key
     */
    public record MsChapV2Success(String authenticatorResponse, byte[] mppeSendKey, byte[] mppeRecvKey) {

        @Override
        public String toString() {
            return "MsChapV2Success[<hidden>]";
        }
    }

    /** True for an Accept. */
    @JsonIgnore
    public boolean accepted() {
        return result == Result.ACCEPT;
    }
}
