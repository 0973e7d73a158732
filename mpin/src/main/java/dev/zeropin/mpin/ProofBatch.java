package dev.zeropin.mpin;

import java.security.SecureRandom;
import java.util.List;
import org.apache.milagro.amcl.BLS381.BIG;
import org.apache.milagro.amcl.BLS381.ECP;
import org.apache.milagro.amcl.BLS381.ECP2;
import org.apache.milagro.amcl.BLS381.FP12;
import org.apache.milagro.amcl.BLS381.PAIR;

/**
 * Verifies many pass-2 proofs together, each with its own verdict: the small-exponent batch test.
 *
 * <p>One proof {@code i} is valid when {@code e(Q, V_i)·e(sQ, P_i) = 1} with {@code P_i = y_i·H(id_i)
 * + U_i} (exactly what AMCL's {@code SERVER_2} checks). Since {@code Q} and {@code sQ} are the same
 * for every proof, a batch is checked with one pairing product: {@code e(Q, Σ r_i·V_i)·e(sQ, Σ
 * r_i·P_i) = 1}, where the {@code r_i} are fresh random 64-bit multipliers drawn after the proofs
 * are fixed and never revealed. By bilinearity the left side is {@code Π δ_i^{r_i}}, {@code δ_i} the
 * value of proof {@code i}'s own check in the group of prime order r: if any {@code δ_j ≠ 1}, then
 * for every choice of the other multipliers exactly one {@code r_j} modulo r passes, so a batch that
 * holds an invalid proof passes with probability at most {@code 1/(2^64 − 1)}. A batch that fails
 * is split in halves, each checked again with fresh multipliers; a single proof is checked exactly,
 * without multipliers, as {@code SERVER_2} does. docs/protocol.md has the whole argument.
 *
 * <p>Every point must already have been checked by {@link Curve#decodeG1} (on the curve, in the
 * prime-order subgroup): the argument needs every {@code δ_i} in the group of order r. The
 * pairing, the final exponentiation and the point operations are AMCL's; this class only combines
 * them.
 */
public final class ProofBatch {

    /** Bits of each random multiplier. */
    static final int MULTIPLIER_BITS = 64;

    private ProofBatch() {}

    /**
     * One pass-2 proof, its points decoded and checked.
     *
     * @param hid {@code H(id)} (computed by the server, trusted)
     * @param u the pass-1 commitment, checked by {@link Curve#decodeG1}
     * @param y the server's challenge (scalar bytes)
     * @param v the pass-2 proof, checked by {@link Curve#decodeG1}
     */
    public record Proof(ECP hid, ECP u, byte[] y, ECP v) {}

    /**
     * The verdict of each proof, in order: true when the device knows the token and PIN of its
     * identity.
     *
     * @param random draws the multipliers (a {@link SecureRandom})
     */
    public static boolean[] verify(ServerSecret server, List<Proof> proofs, SecureRandom random) {
        int n = proofs.size();
        ECP[] v = new ECP[n];
        ECP[] p = new ECP[n];
        for (int i = 0; i < n; i++) {
            Proof proof = proofs.get(i);
            v[i] = new ECP(proof.v());
            ECP pi = PAIR.G1mul(new ECP(proof.hid()), BIG.fromBytes(proof.y()));
            pi.add(new ECP(proof.u()));
            p[i] = pi;
        }
        boolean[] verdicts = new boolean[n];
        check(server.point(), v, p, 0, n, verdicts, random);
        return verdicts;
    }

    /** Decides the proofs {@code from..to-1}, splitting a failed batch in halves. */
    private static void check(ECP2 sq, ECP[] v, ECP[] p, int from, int to, boolean[] verdicts, SecureRandom random) {
        int size = to - from;
        if (size == 1) {
            verdicts[from] = pairingProductIsOne(sq, new ECP(v[from]), new ECP(p[from]));
            return;
        }
        ECP sumV = new ECP();
        ECP sumP = new ECP();
        for (int i = from; i < to; i++) {
            BIG r = multiplier(random);
            sumV.add(v[i].mul(r));
            sumP.add(p[i].mul(r));
        }
        if (!sumV.is_infinity() && !sumP.is_infinity() && pairingProductIsOne(sq, sumV, sumP)) {
            for (int i = from; i < to; i++) {
                verdicts[i] = true;
            }
            return;
        }
        int middle = from + size / 2;
        check(sq, v, p, from, middle, verdicts, random);
        check(sq, v, p, middle, to, verdicts, random);
    }

    /** {@code e(Q, a)·e(sQ, b) = 1}, as {@code SERVER_2} computes it. */
    static boolean pairingProductIsOne(ECP2 sq, ECP a, ECP b) {
        if (a.is_infinity() || b.is_infinity()) {
            return false;
        }
        FP12 g = PAIR.ate2(ECP2.generator(), a, new ECP2(sq), b);
        return PAIR.fexp(g).isunity();
    }

    /** A uniformly random multiplier in [1, 2^64). */
    private static BIG multiplier(SecureRandom random) {
        byte[] bytes = new byte[Curve.SCALAR_LENGTH];
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[Curve.SCALAR_LENGTH - 1 - i] = (byte) (value >>> (8 * i));
        }
        return BIG.fromBytes(bytes);
    }
}
