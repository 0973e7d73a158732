package dev.zeropin.mpin;

import java.security.SecureRandom;
import java.util.Arrays;
import org.apache.milagro.amcl.BLS381.MPIN;

/**
 * The master secret {@code s} of the trusted authority (registration-service only). It issues
 * client secrets {@code CS = s·H(id)} and derives the server secret {@code sQ}; nothing else ever
 * holds it.
 */
public final class MasterSecret {

    private final byte[] s;

    private MasterSecret(byte[] s) {
        this.s = s;
    }

    /** A new random master secret. */
    public static MasterSecret generate(SecureRandom random) {
        return new MasterSecret(Curve.randomScalar(random));
    }

    /**
     * A master secret from its {@value Curve#SCALAR_LENGTH} bytes.
     *
     * @throws IllegalArgumentException when the bytes are not a valid non-zero scalar
     */
    public static MasterSecret fromBytes(byte[] bytes) {
        try {
            Curve.checkScalar(bytes);
        } catch (InvalidPointException e) {
            throw new IllegalArgumentException("not an M-Pin master secret: " + e.getMessage());
        }
        return new MasterSecret(bytes.clone());
    }

    /** The secret's bytes, to be written to a secret file. */
    public byte[] toBytes() {
        return s.clone();
    }

    /** The server secret {@code sQ} (G2) that lets otp-service verify proofs. */
    public byte[] serverSecret() {
        byte[] sq = new byte[Curve.G2_LENGTH];
        MPIN.GET_SERVER_SECRET(s, sq);
        return sq;
    }

    /** The client secret {@code CS = s·H(id)} of an identity (97-byte G1 point). */
    public byte[] clientSecret(MpinId id) {
        byte[] cs = new byte[Curve.G1_LENGTH];
        int status = MPIN.GET_CLIENT_SECRET(s, MPIN.HASH_ID(Curve.SHA, id.raw(), MPIN.EFS), cs);
        if (status != 0) {
            throw new IllegalStateException("client secret could not be computed: " + status);
        }
        return cs;
    }

    /** Overwrites the secret in memory. */
    public void destroy() {
        Arrays.fill(s, (byte) 0);
    }
}
