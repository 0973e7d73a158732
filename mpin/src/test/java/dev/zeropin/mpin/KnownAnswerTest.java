package dev.zeropin.mpin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire format: fixed inputs must give exactly the bytes of {@code mpin-kat.json}. The
 * browser's JavaScript twin is checked against the same vector.
 */
class KnownAnswerTest {

    private static JsonNode vector;
    private static MpinId id;
    private static MasterSecret master;

    @BeforeAll
    static void readVector() throws Exception {
        try (InputStream in = KnownAnswerTest.class.getResourceAsStream("/mpin-kat.json")) {
            vector = new ObjectMapper().readTree(in);
        }
        id = MpinId.parse(vector.get("mpinId").asText());
        master = MasterSecret.fromBytes(
                derivedMasterSecret(vector.get("masterSecretSeed").asText()));
    }

    /** SHA-384 of a public string, reduced mod r: a reproducible test secret that is no key of anybody. */
    static byte[] derivedMasterSecret(String seed) throws Exception {
        BigInteger value = new BigInteger(
                        1, MessageDigest.getInstance("SHA-384").digest(seed.getBytes(StandardCharsets.UTF_8)))
                .mod(Curve.ORDER);
        return Curve.scalarBytes(value);
    }

    private static byte[] bytes(String field) throws InvalidPointException {
        return Wire.decode(vector.get(field).asText());
    }

    @Test
    void serverSecretHidAndClientSecret() throws Exception {
        assertThat(Wire.encode(master.serverSecret()))
                .isEqualTo(vector.get("serverSecret").asText());
        assertThat(Wire.encode(Curve.hashToPoint(id.raw())))
                .isEqualTo(vector.get("hid").asText());
        assertThat(Wire.encode(master.clientSecret(id)))
                .isEqualTo(vector.get("clientSecret").asText());
        assertThat(bytes("hid")).hasSize(97).startsWith(0x04);
    }

    @Test
    void theFixedRandomValuesAreValidScalars() throws Exception {
        Curve.checkScalar(bytes("x"));
        Curve.checkScalar(bytes("y"));
    }

    @Test
    void tokenAndBothPasses() throws Exception {

        int pin = vector.get("pin").asInt();
        byte[] token = Device.extractPin(id, bytes("clientSecret"), pin);
        Device.Pass1 pass1 = Device.pass1(id, token, pin, bytes("x"));
        byte[] v = Device.pass2(pass1, bytes("y"));

        assertThat(Wire.encode(token)).isEqualTo(vector.get("token").asText());
        assertThat(Wire.encode(pass1.u())).isEqualTo(vector.get("u").asText());
        assertThat(Wire.encode(v)).isEqualTo(vector.get("v").asText());
    }

    @Test
    void theVectorVerifies() throws Exception {
        ServerSecret server = ServerSecret.fromBytes(bytes("serverSecret"));

        assertThat(server.verify(bytes("hid"), bytes("u"), bytes("y"), bytes("v")))
                .isTrue();
        assertThat(server.verify(bytes("hid"), bytes("u"), bytes("x"), bytes("v")))
                .isFalse();
    }
}
