package dev.zeropin.internal.otp;

/**
 * Where and how radius-gateway calls otp-service. Internal: requires the gateway's service token
 * (role {@value #VERIFIER_ROLE}) and is never exposed by the ingress.
 */
public final class InternalOtpApi {

    /** One verification: {@link VerifyRequest} in, {@link VerifyAnswer} out. */
    public static final String VERIFY_PATH = "/internal/v1/otp/verify";

    /**
     * Many verifications in one call: {@link VerifyBatch} in, {@link VerifyBatchAnswer} out, the
     * answers in the order of the requests. The gateway sends what queued up while its previous
     * batch was on its way, so that one database commit carries many verifications.
     */
    public static final String VERIFY_BATCH_PATH = "/internal/v1/otp/verify-batch";

    /** The role that the gateway's service token carries. */
    public static final String VERIFIER_ROLE = "otp-verifier";

    /** Most requests accepted in one batch. */
    public static final int MAX_BATCH = 512;

    /** Longest PAP password (the OTP has 6 to 9 digits; anything longer is simply wrong). */
    public static final int MAX_PASSWORD_LENGTH = 128;

    /** Longest User-Name (RFC 2865: an attribute holds at most 253 octets). */
    public static final int MAX_USER_NAME_LENGTH = 253;

    private InternalOtpApi() {}
}
