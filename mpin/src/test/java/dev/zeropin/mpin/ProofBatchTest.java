package dev.zeropin.mpin;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.milagro.amcl.BLS381.BIG;
import org.apache.milagro.amcl.BLS381.ECP;
import org.apache.milagro.amcl.BLS381.PAIR;
import org.junit.jupiter.api.Test;

class ProofBatchTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MasterSecret MASTER = MasterSecret.generate(RANDOM);
    private static final ServerSecret SERVER = ServerSecret.fromBytes(MASTER.serverSecret());
    private static final List<Identity> IDENTITIES =
            IntStream.range(0, 8).mapToObj(i -> Identity.issue("user" + i)).toList();

    /** An identity with its point and client secret, as the tests forge proofs from them. */
    private record Identity(ECP hid, ECP clientSecret) {
        static Identity issue(String user) {
            MpinId id = MpinId.issue("batch", user + "@example.com", Instant.now(), RANDOM);
            return new Identity(ECP.fromBytes(Curve.hashToPoint(id.raw())), ECP.fromBytes(MASTER.clientSecret(id)));
        }
    }

    /** What a test proof is. */
    private enum Kind {
        VALID,
        WRONG_PIN,
        OTHER_IDENTITYS_SECRET,
        RANDOM_POINT,
        OTHER_CHALLENGE
    }

    /** A proof with its wire bytes, to ask SERVER_2 the same question. */
    private record Case(ProofBatch.Proof proof, byte[] hid, byte[] u, byte[] y, byte[] v) {}

    /**
     * A proof as a device computes it ({@code U = x·H(id)}, {@code V = −(x+y)·(T + PIN·H(id))}),
     * made wrong in the way {@code kind} says.
     */
    private static Case proof(Identity identity, Kind kind) {
        BigInteger x = scalar();
        BigInteger y = scalar();
        ECP secret = new ECP(identity.clientSecret());
        switch (kind) {
            case WRONG_PIN -> secret.add(multiply(identity.hid(), BigInteger.valueOf(1 + RANDOM.nextInt(9998))));
            case OTHER_IDENTITYS_SECRET ->
                secret = new ECP(
                        IDENTITIES.get(0) == identity
                                ? IDENTITIES.get(1).clientSecret()
                                : IDENTITIES.get(0).clientSecret());
            default -> {}
        }
        ECP u = multiply(identity.hid(), x);
        ECP v = multiply(secret, Curve.ORDER.subtract(x.add(y).mod(Curve.ORDER)));
        if (kind == Kind.RANDOM_POINT) {
            v = multiply(ECP.generator(), scalar());
        }
        BigInteger challenge = kind == Kind.OTHER_CHALLENGE ? scalar() : y;
        byte[] yBytes = Curve.scalarBytes(challenge);
        return new Case(
                new ProofBatch.Proof(identity.hid(), u, yBytes, v),
                Curve.encodeG1(identity.hid()),
                Curve.encodeG1(u),
                yBytes,
                Curve.encodeG1(v));
    }

    private static BigInteger scalar() {
        return new BigInteger(1, Curve.randomScalar(RANDOM));
    }

    private static ECP multiply(ECP point, BigInteger k) {
        return PAIR.G1mul(new ECP(point), BIG.fromBytes(Curve.scalarBytes(k.mod(Curve.ORDER))));
    }

    private static boolean[] verify(List<Case> cases) {
        return ProofBatch.verify(SERVER, cases.stream().map(Case::proof).toList(), RANDOM);
    }

    @Test
    void aBatchWithOneWrongPinAmongManyValidProofsRejectsExactlyThatOne() {
        List<Case> cases = new ArrayList<>();
        int wrong = RANDOM.nextInt(32);
        for (int i = 0; i < 32; i++) {
            cases.add(proof(IDENTITIES.get(i % IDENTITIES.size()), i == wrong ? Kind.WRONG_PIN : Kind.VALID));
        }

        boolean[] verdicts = verify(cases);

        for (int i = 0; i < 32; i++) {
            assertThat(verdicts[i]).as("proof %d", i).isEqualTo(i != wrong);
        }
    }

    @Test
    void aBatchOfValidProofsIsAccepted() {
        List<Case> cases =
                IDENTITIES.stream().map(identity -> proof(identity, Kind.VALID)).toList();

        assertThat(verify(cases)).containsOnly(true);
    }

    @Test
    void twoWrongProofsMadeToCancelEachOtherAreBothRejected() {
        // e(Q, V_a + D)·e(Q, V_b − D) = e(Q, V_a)·e(Q, V_b): the plain sum of the two checks passes,
        // the randomised one does not.
        Case a = proof(IDENTITIES.get(0), Kind.VALID);
        Case b = proof(IDENTITIES.get(1), Kind.VALID);
        ECP offset = multiply(ECP.generator(), scalar());
        ECP va = new ECP(a.proof().v());
        va.add(offset);
        ECP vb = new ECP(b.proof().v());
        vb.sub(offset);
        List<ProofBatch.Proof> forged = List.of(
                new ProofBatch.Proof(a.proof().hid(), a.proof().u(), a.y(), va),
                new ProofBatch.Proof(b.proof().hid(), b.proof().u(), b.y(), vb),
                proof(IDENTITIES.get(2), Kind.VALID).proof());
        ECP plainV = new ECP(va);
        plainV.add(vb);
        assertThat(plainV.equals(sum(a.proof().v(), b.proof().v())))
                .as("the offsets cancel in a plain sum")
                .isTrue();

        assertThat(ProofBatch.verify(SERVER, forged, RANDOM)).containsExactly(false, false, true);
    }

    private static ECP sum(ECP first, ECP second) {
        ECP total = new ECP(first);
        total.add(second);
        return total;
    }

    @Test
    void agreesWithServer2OnThousandsOfRandomProofsInBatchesOfEverySize() {
        Kind[] kinds = Kind.values();
        List<Case> cases = IntStream.range(0, 2_000)
                .parallel()
                .mapToObj(i -> {
                    SecureRandom random = new SecureRandom();
                    Kind kind = random.nextInt(4) == 0 ? kinds[1 + random.nextInt(kinds.length - 1)] : Kind.VALID;
                    return proof(IDENTITIES.get(random.nextInt(IDENTITIES.size())), kind);
                })
                .toList();
        List<Boolean> expected = cases.parallelStream()
                .map(c -> SERVER.verify(c.hid(), c.u(), c.y(), c.v()))
                .toList();

        List<Boolean> actual = new ArrayList<>();
        int from = 0;
        while (from < cases.size()) {
            int to = Math.min(cases.size(), from + 1 + RANDOM.nextInt(64));
            for (boolean verdict : verify(cases.subList(from, to))) {
                actual.add(verdict);
            }
            from = to;
        }

        assertThat(actual).isEqualTo(expected);
        assertThat(expected).contains(true, false);
    }
}
