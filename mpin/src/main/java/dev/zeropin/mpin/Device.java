package dev.zeropin.mpin;

import java.security.SecureRandom;
import org.apache.milagro.amcl.BLS381.MPIN;

/**
 * What a device computes (the reference client and the tests; the browser does the same with
 * {@code @noble/curves}). The PIN stays here: the server only ever sees {@code U} and {@code V}.
 */
public final class Device {

    /** Smallest accepted PIN ({@code 0000} would make the token equal the client secret). */
    public static final int MIN_PIN = 1;

    /** Largest 4-digit PIN. */
    public static final int MAX_PIN = MPIN.MAXPIN - 1;

    private Device() {}

    /** {@code T = CS − PIN·H(id)}: the token kept on the device instead of the client secret. */
    public static byte[] extractPin(MpinId id, byte[] clientSecret, int pin) {
        checkPin(pin);
        byte[] token = clientSecret.clone();
        int status = MPIN.EXTRACT_PIN(Curve.SHA, id.raw(), pin, token);
        if (status != 0) {
            throw new IllegalArgumentException("not a client secret");
        }
        return token;
    }

    /**
     * Pass 1: a fresh random {@code x}, the commitment {@code U = x·H(id)}, and the device's
     * reconstructed secret {@code T + PIN·H(id)} for pass 2.
     */
    public static Pass1 pass1(MpinId id, byte[] token, int pin, SecureRandom random) {
        return pass1(id, token, pin, Curve.randomScalar(random));
    }

    /** Pass 1 with a given {@code x}: for known-answer tests only; a device always draws a fresh one. */
    public static Pass1 pass1(MpinId id, byte[] token, int pin, byte[] x) {
        checkPin(pin);
        byte[] secret = new byte[Curve.G1_LENGTH];
        byte[] u = new byte[Curve.G1_LENGTH];
        int status = MPIN.CLIENT_1(Curve.SHA, 0, id.raw(), null, x, pin, token, secret, u, null, null);
        if (status != 0) {
            throw new IllegalArgumentException("not a token");
        }
        return new Pass1(x, u, secret);
    }

    /** Pass 2: {@code V = −(x+y)·(T + PIN·H(id))} for the server's challenge {@code y}. */
    public static byte[] pass2(Pass1 pass1, byte[] y) {
        byte[] v = pass1.secret().clone();
        int status = MPIN.CLIENT_2(pass1.x(), y, v);
        if (status != 0) {
            throw new IllegalArgumentException("pass 1 state is not valid");
        }
        return v;
    }

    private static void checkPin(int pin) {
        if (pin < MIN_PIN || pin > MAX_PIN) {
            throw new IllegalArgumentException("a PIN has 4 digits and is not 0000");
        }
    }

    /**
     * The device's state between the two passes.
     *
     * @param x the random scalar (secret until pass 2)
     * @param u the commitment sent in pass 1
     * @param secret {@code T + PIN·H(id)} (secret)
     */
    public record Pass1(byte[] x, byte[] u, byte[] secret) {}
}
