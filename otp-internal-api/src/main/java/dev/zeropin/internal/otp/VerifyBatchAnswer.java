package dev.zeropin.internal.otp;

import java.util.List;

/**
 * The answers to a {@link VerifyBatch}.
 *
 * @param answers one per request, in the order of the requests
 */
public record VerifyBatchAnswer(List<VerifyAnswer> answers) {}
