package dev.zeropin.mpin;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.apache.milagro.amcl.BLS381.BIG;
import org.apache.milagro.amcl.BLS381.ECP;
import org.apache.milagro.amcl.BLS381.ECP2;
import org.apache.milagro.amcl.BLS381.MPIN;
import org.apache.milagro.amcl.BLS381.PAIR;
import org.apache.milagro.amcl.BLS381.ROM;

/**
 * Encodings and checks on BLS12-381 (AMCL), as they appear on the wire.
 *
 * <ul>
 *   <li>G1 points: uncompressed, {@code 0x04 ‖ X ‖ Y}, {@value #G1_LENGTH} bytes (noble's uncompressed
 *       form is the same without the leading {@code 0x04}).
 *   <li>G2 points (the server secret): AMCL's {@code ECP2.toBytes}, {@value #G2_LENGTH} bytes.
 *   <li>Scalars: {@value #SCALAR_LENGTH} bytes, big-endian, reduced modulo the group order r.
 * </ul>
 *
 * <p>Every point received from outside is decoded with {@link #decodeG1}, which checks that it is
 * on the curve (AMCL) and in the prime-order subgroup ({@code r·P = O}, which AMCL does not check).
 */
public final class Curve {

    /** Field element and scalar size of BLS12-381 in AMCL. */
    public static final int SCALAR_LENGTH = MPIN.EFS;

    /** An uncompressed G1 point. */
    public static final int G1_LENGTH = 2 * MPIN.EFS + 1;

    /** A G2 point as AMCL writes it. */
    public static final int G2_LENGTH = 4 * MPIN.EFS;

    /** The order r of G1 and G2. */
    public static final BigInteger ORDER = new BigInteger(1, toBytes(new BIG(ROM.CURVE_Order)));

    /** The hash of M-Pin identities (SHA-256). */
    static final int SHA = ECP.SHA256;

    private Curve() {}

    /**
     * Decodes a G1 point received from a peer and checks it thoroughly.
     *
     * @throws InvalidPointException if it has the wrong length or prefix, is not on the curve, is
     *     the point at infinity, or lies outside the prime-order subgroup
     */
    public static ECP decodeG1(byte[] bytes) throws InvalidPointException {
        if (bytes == null || bytes.length != G1_LENGTH || bytes[0] != 0x04) {
            throw new InvalidPointException("not an uncompressed G1 point of " + G1_LENGTH + " bytes");
        }
        ECP point = ECP.fromBytes(bytes);
        if (point.is_infinity()) {
            throw new InvalidPointException("not a point on the curve");
        }
        if (!inSubgroup(point)) {
            throw new InvalidPointException("not in the prime-order subgroup");
        }
        return point;
    }

    /** True when {@code r·P} is the point at infinity. */
    static boolean inSubgroup(ECP point) {
        ECP copy = new ECP();
        copy.copy(point);
        return copy.mul(new BIG(ROM.CURVE_Order)).is_infinity();
    }

    /** The uncompressed encoding of a G1 point. */
    public static byte[] encodeG1(ECP point) {
        byte[] bytes = new byte[G1_LENGTH];
        point.toBytes(bytes, false);
        return bytes;
    }

    /**
     * Decodes a G2 point of trusted origin (the server secret from configuration).
     *
     * @throws InvalidPointException if it is not a point of G2
     */
    public static ECP2 decodeG2(byte[] bytes) throws InvalidPointException {
        if (bytes == null || bytes.length != G2_LENGTH) {
            throw new InvalidPointException("not a G2 point of " + G2_LENGTH + " bytes");
        }
        ECP2 point = ECP2.fromBytes(bytes);
        if (point.is_infinity()) {
            throw new InvalidPointException("not a point on the twist");
        }
        ECP2 copy = new ECP2();
        copy.copy(point);
        if (!copy.mul(new BIG(ROM.CURVE_Order)).is_infinity()) {
            throw new InvalidPointException("not in G2");
        }
        return point;
    }

    /** A uniformly random non-zero scalar modulo r, from a CSPRNG, as {@value #SCALAR_LENGTH} bytes. */
    public static byte[] randomScalar(SecureRandom random) {
        byte[] wide = new byte[2 * SCALAR_LENGTH];
        BigInteger scalar;
        do {
            random.nextBytes(wide);
            scalar = new BigInteger(1, wide).mod(ORDER);
        } while (scalar.signum() == 0);
        Arrays.fill(wide, (byte) 0);
        return scalarBytes(scalar);
    }

    /**
     * Checks a scalar received from a peer: the right length and in [1, r).
     *
     * @throws InvalidPointException otherwise
     */
    public static void checkScalar(byte[] bytes) throws InvalidPointException {
        if (bytes == null || bytes.length != SCALAR_LENGTH) {
            throw new InvalidPointException("not a scalar of " + SCALAR_LENGTH + " bytes");
        }
        BigInteger value = new BigInteger(1, bytes);
        if (value.signum() == 0 || value.compareTo(ORDER) >= 0) {
            throw new InvalidPointException("scalar out of range");
        }
    }

    /** A scalar as {@value #SCALAR_LENGTH} big-endian bytes. */
    static byte[] scalarBytes(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[SCALAR_LENGTH];
        int copy = Math.min(raw.length, SCALAR_LENGTH);
        System.arraycopy(raw, raw.length - copy, bytes, SCALAR_LENGTH - copy, copy);
        return bytes;
    }

    private static byte[] toBytes(BIG big) {
        byte[] bytes = new byte[SCALAR_LENGTH];
        big.toBytes(bytes);
        return bytes;
    }

    /** {@code H(id)}: the identity's G1 point (SHA-256 of the raw id, mapped to the curve by AMCL). */
    public static byte[] hashToPoint(byte[] rawId) {
        byte[] hid = new byte[G1_LENGTH];
        MPIN.SERVER_1(SHA, 0, rawId, hid, null);
        return hid;
    }

    /** {@code k·P} for a G1 point of trusted origin. */
    static ECP multiply(ECP point, byte[] scalar) {
        return PAIR.G1mul(point, BIG.fromBytes(scalar));
    }
}
