package dev.zeropin.support.problem;

/**
 * A failure that leaves the service as an {@code application/problem+json} response. Domain code
 * throws it (or fails a {@code Uni} with it) with a stable code; the mapper renders it.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.getCode(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 with a code and a human explanation. */
    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(Problem.of(400, code, "Bad request").withDetail(detail));
    }

    /** 404 with a code and a human explanation. */
    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(Problem.of(404, code, "Not found").withDetail(detail));
    }

    /** 409 with a code and a human explanation. */
    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(Problem.of(409, code, "Conflict").withDetail(detail));
    }

    /** 403 with a code and a human explanation. */
    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(Problem.of(403, code, "Forbidden").withDetail(detail));
    }

    /** 429 with a code, a human explanation and the seconds to wait. */
    public static ProblemException tooManyRequests(String code, String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(429, code, "Too many requests")
                .withDetail(detail)
                .with("retryAfterSeconds", retryAfterSeconds));
    }
}
