package dev.zeropin.mpin;

import org.apache.milagro.amcl.BLS381.ECP2;
import org.apache.milagro.amcl.BLS381.MPIN;

/**
 * The server secret {@code sQ} (otp-service only): it verifies the second pass of a proof and
 * cannot issue client secrets. The PIN-error feature of the library (whose output reveals the
 * exact PIN offset) is never used: {@code SERVER_2} gets no {@code E}/{@code F}.
 */
public final class ServerSecret {

    private final byte[] sq;
    private final ECP2 point;

    private ServerSecret(byte[] sq, ECP2 point) {
        this.sq = sq;
        this.point = point;
    }

    /**
     * A server secret from its bytes.
     *
     * @throws IllegalArgumentException when they are not a point of G2
     */
    public static ServerSecret fromBytes(byte[] bytes) {
        try {
            return new ServerSecret(bytes.clone(), Curve.decodeG2(bytes));
        } catch (InvalidPointException e) {
            throw new IllegalArgumentException("not an M-Pin server secret: " + e.getMessage());
        }
    }

    /** {@code sQ} as a point; callers copy it before handing it to AMCL, which may normalise it. */
    ECP2 point() {
        return new ECP2(point);
    }

    /**
     * Checks pass 2 of one proof with AMCL's {@code SERVER_2}: {@code e(Q, V)·e(sQ, y·H(id) + U) = 1}.
     * The service verifies through {@link ProofBatch}, which is tested against this method.
     *
     * @param hid the identity's point {@link Curve#hashToPoint}
     * @param u pass-1 commitment {@code U = x·H(id)}, already checked by {@link Curve#decodeG1}
     * @param y the server's challenge (scalar bytes)
     * @param v pass-2 proof {@code V = −(x+y)·(T + PIN·H(id))}, already checked by {@link Curve#decodeG1}
     * @return true when the device knows the token and the PIN of this identity
     */
    public boolean verify(byte[] hid, byte[] u, byte[] y, byte[] v) {
        return MPIN.SERVER_2(0, hid, null, y, sq, u, null, v, null, null) == 0;
    }
}
