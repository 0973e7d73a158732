package dev.zeropin.mpin;

/** A received point or scalar is not acceptable: wrong length, not on the curve, or not in G1. */
public final class InvalidPointException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidPointException(String message) {
        super(message, null, false, false);
    }
}
