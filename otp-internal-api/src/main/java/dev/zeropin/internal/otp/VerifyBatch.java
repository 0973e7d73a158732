package dev.zeropin.internal.otp;

import java.util.List;

/**
 * Up to {@value InternalOtpApi#MAX_BATCH} verifications in one call.
 *
 * @param requests the requests, each decided on its own
 */
public record VerifyBatch(List<VerifyRequest> requests) {}
