package dev.zeropin.client;

/**
 * A refusal of a ZeroPIN service: the HTTP status, the problem's stable {@code code}, its human
 * detail, and for a wrong PIN the attempts left.
 */
public final class ZeroPinException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Integer attemptsLeft;

    public ZeroPinException(int status, String code, String detail, Integer attemptsLeft) {
        super(code + (detail != null ? ": " + detail : ""));
        this.status = status;
        this.code = code;
        this.attemptsLeft = attemptsLeft;
    }

    public int status() {
        return status;
    }

    /** The problem's stable code, e.g. {@code authentication_failed}, {@code identity_revoked}. */
    public String code() {
        return code;
    }

    /** For {@code authentication_failed}: wrong PINs left before the identity is revoked. */
    public Integer attemptsLeft() {
        return attemptsLeft;
    }
}
