package dev.zeropin.mpin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import org.apache.milagro.amcl.BLS381.BIG;
import org.apache.milagro.amcl.BLS381.ECP;
import org.junit.jupiter.api.Test;

class MpinProtocolTest {

    private final SecureRandom random = new SecureRandom();
    private final MasterSecret master = MasterSecret.generate(random);
    private final ServerSecret server = ServerSecret.fromBytes(master.serverSecret());
    private final MpinId id = MpinId.issue("demo", "alice@example.com", Instant.now(), random);

    private boolean authenticate(byte[] token, int pin) throws InvalidPointException {
        Device.Pass1 pass1 = Device.pass1(id, token, pin, random);
        byte[] y = Curve.randomScalar(random);
        byte[] v = Device.pass2(pass1, y);
        Curve.decodeG1(pass1.u());
        Curve.decodeG1(v);
        return server.verify(Curve.hashToPoint(id.raw()), pass1.u(), y, v);
    }

    @Test
    void acceptsTheRightPin() throws Exception {
        byte[] token = Device.extractPin(id, master.clientSecret(id), 4321);

        assertThat(authenticate(token, 4321)).isTrue();
    }

    @Test
    void refusesAnyOtherPin() throws Exception {
        byte[] token = Device.extractPin(id, master.clientSecret(id), 4321);

        assertThat(authenticate(token, 4322)).isFalse();
        assertThat(authenticate(token, 1234)).isFalse();
        assertThat(authenticate(token, 9999)).isFalse();
    }

    @Test
    void refusesATokenOfAnotherMasterSecret() throws Exception {
        MasterSecret other = MasterSecret.generate(random);
        byte[] forged = Device.extractPin(id, other.clientSecret(id), 4321);

        assertThat(authenticate(forged, 4321)).isFalse();
    }

    @Test
    void refusesPin0000AndPinsOutsideFourDigits() {
        byte[] cs = master.clientSecret(id);

        assertThatThrownBy(() -> Device.extractPin(id, cs, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Device.extractPin(id, cs, 10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Device.extractPin(id, cs, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTokenDiffersFromTheClientSecret() {
        byte[] cs = master.clientSecret(id);

        assertThat(Device.extractPin(id, cs, 1)).isNotEqualTo(cs);
    }

    @Test
    void refusesAPointOffTheCurve() {
        byte[] point = Device.pass1(id, Device.extractPin(id, master.clientSecret(id), 1111), 1111, random)
                .u();
        point[Curve.G1_LENGTH - 1] ^= 0x01;

        assertThatThrownBy(() -> Curve.decodeG1(point)).isInstanceOf(InvalidPointException.class);
    }

    @Test
    void refusesAPointOnTheCurveOutsideTheSubgroup() {
        ECP outside = pointOutsideSubgroup();

        assertThatThrownBy(() -> Curve.decodeG1(Curve.encodeG1(outside)))
                .isInstanceOf(InvalidPointException.class)
                .hasMessageContaining("subgroup");
    }

    @Test
    void refusesWrongLengthsPrefixesAndTheIdentity() {
        byte[] valid = Curve.hashToPoint(id.raw());
        byte[] compressedPrefix = valid.clone();
        compressedPrefix[0] = 0x02;

        assertThatThrownBy(() -> Curve.decodeG1(Arrays.copyOf(valid, 96))).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> Curve.decodeG1(compressedPrefix)).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> Curve.decodeG1(new byte[Curve.G1_LENGTH])).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> Curve.decodeG1(null)).isInstanceOf(InvalidPointException.class);
    }

    @Test
    void checksScalars() {
        assertThatThrownBy(() -> Curve.checkScalar(new byte[Curve.SCALAR_LENGTH]))
                .isInstanceOf(InvalidPointException.class);
        byte[] tooBig = new byte[Curve.SCALAR_LENGTH];
        Arrays.fill(tooBig, (byte) 0xff);
        assertThatThrownBy(() -> Curve.checkScalar(tooBig)).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> Curve.checkScalar(new byte[12])).isInstanceOf(InvalidPointException.class);
    }

    @Test
    void randomScalarsAreValidAndDistinct() throws Exception {
        byte[] a = Curve.randomScalar(random);
        byte[] b = Curve.randomScalar(random);

        Curve.checkScalar(a);
        Curve.checkScalar(b);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aServerSecretMustBeAPointOfG2() {
        assertThatThrownBy(() -> ServerSecret.fromBytes(new byte[Curve.G2_LENGTH]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerSecret.fromBytes(new byte[10])).isInstanceOf(IllegalArgumentException.class);
    }

    /** A point of E(Fp) whose order is not r: x chosen so that the point exists, cofactor not cleared. */
    static ECP pointOutsideSubgroup() {
        for (int x = 1; ; x++) {
            ECP candidate = new ECP(new BIG(x), 0);
            if (!candidate.is_infinity() && !Curve.inSubgroup(candidate)) {
                return candidate;
            }
        }
    }
}
