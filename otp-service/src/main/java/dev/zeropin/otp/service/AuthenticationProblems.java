package dev.zeropin.otp.service;

import dev.zeropin.support.problem.Problem;
import dev.zeropin.support.problem.ProblemException;

/** The answers of pass 1 and pass 2 that are not a success, with their stable codes. */
public final class AuthenticationProblems {

    private AuthenticationProblems() {}

    /** The pass-1 session is unknown, expired or used: start again with pass 1. */
    public static ProblemException sessionInvalid() {
        return new ProblemException(Problem.of(401, "session_invalid", "Unauthorized")
                .withDetail("The authentication session is unknown, expired or already used; start again."));
    }

    /** The proof failed; the identity has {@code attemptsLeft} attempts before it is revoked. */
    public static ProblemException authenticationFailed(int attemptsLeft) {
        return new ProblemException(Problem.of(401, "authentication_failed", "Unauthorized")
                .withDetail("Wrong PIN.")
                .with("attemptsLeft", attemptsLeft));
    }

    /** The identity cannot authenticate any more (revoked, blocked, or unknown). */
    public static ProblemException identityRevoked(String reason) {
        return new ProblemException(Problem.of(403, "identity_revoked", "Forbidden")
                .withDetail("This identity is not valid any more; register again.")
                .with("reason", reason));
    }

    /**
     * A run of wrong PINs locked the identity for a while; {@code attemptsLeft} wrong PINs after
     * the lock before it is revoked.
     */
    public static ProblemException identityLocked(long retryAfterSeconds, int attemptsLeft) {
        return new ProblemException(Problem.of(429, "identity_locked", "Too Many Requests")
                .withDetail("Too many wrong PINs: this identity is locked for a while; try again later.")
                .with("retryAfterSeconds", Math.max(1, retryAfterSeconds))
                .with("attemptsLeft", attemptsLeft));
    }

    /** Too many pass-1 requests for one identity in the current minute, from wherever they came. */
    public static ProblemException tooManyForIdentity(long retryAfterSeconds) {
        return ProblemException.tooManyRequests(
                "too_many_requests", "Too many attempts for this identity; wait and retry.", retryAfterSeconds);
    }

    /**
     * The PIN was right but the project's company directory does not admit the user: unknown,
     * disabled, outside the required groups, or the directory could not be asked (the audit trail
     * has the reason).
     */
    public static ProblemException directoryRefused() {
        return new ProblemException(Problem.of(403, "directory_refused", "Forbidden")
                .withDetail("Your account may not log in through this project (company directory). Ask your"
                        + " administrator."));
    }

    /** The project is disabled (or not known yet). */
    public static ProblemException projectDisabled() {
        return new ProblemException(Problem.of(403, "project_disabled", "Forbidden")
                .withDetail("This project does not accept logins at the moment."));
    }

    /** A field does not hold a valid point, scalar or id. */
    public static ProblemException invalidField(String code, String field, String what) {
        return new ProblemException(Problem.of(400, code, "Bad request")
                .withDetail("The field '" + field + "' is not " + what + ".")
                .with("field", field));
    }
}
