package dev.zeropin.support.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path folder;

    @Test
    void readsABase64urlKeyWithItsTrailingNewline() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = write("otp.key", Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n");

        assertThat(KeyFiles.base64url(file, "otp.keys.otp-encryption-key")).isEqualTo(key);
    }

    @Test
    void readsAPrivateEcJwk() throws Exception {
        EllipticCurveJsonWebKey generated = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        Path file = write("signing.jwk", generated.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));

        EllipticCurveJsonWebKey read = KeyFiles.privateEcJwk(file, "gateway.keys.service-signing-key");

        assertThat(read.getEcPrivateKey().getS())
                .isEqualTo(generated.getEcPrivateKey().getS());
    }

    @Test
    void readsAJwkSetOfPublicKeys() throws Exception {
        EllipticCurveJsonWebKey generated = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        generated.setKeyId("k1");
        Path file = write("verify.jwks", new JsonWebKeySet(generated).toJson());

        JsonWebKeySet read = KeyFiles.jwkSet(file, "registration.keys.assertion-verification-jwks");

        assertThat(read.getJsonWebKeys()).singleElement().satisfies(key -> {
            assertThat(key.getKeyId()).isEqualTo("k1");
            assertThat(key.getKey()).isEqualTo(generated.getPublicKey());
        });
    }

    @Test
    void refusesAPublicJwkAndNamesTheSettingButNotTheContent() throws Exception {
        EllipticCurveJsonWebKey generated = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        String publicOnly = generated.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        Path file = write("public.jwk", publicOnly);

        assertThatThrownBy(() -> KeyFiles.privateEcJwk(file, "registration.keys.activation-signing-key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("registration.keys.activation-signing-key")
                .hasMessageContaining("is not a private EC JWK")
                .hasMessageNotContaining(generated.getKey().toString().substring(0, 8));
    }

    @Test
    void aMissingOrMalformedFileStopsTheStartWithoutShowingWhatItHolds() throws Exception {
        Path missing = folder.resolve("absent.key");
        Path garbled = write("garbled.key", "s3cr3t*not*base64");
        Path notJson = write("not.jwk", "s3cr3t-not-json");

        assertThatThrownBy(() -> KeyFiles.base64url(missing, "otp.keys.server-secret"))
                .hasMessage("otp.keys.server-secret: cannot read " + missing + " (NoSuchFileException)");
        assertThatThrownBy(() -> KeyFiles.base64url(garbled, "otp.keys.server-secret"))
                .hasMessage("otp.keys.server-secret: " + garbled + " is not base64url");
        assertThatThrownBy(() -> KeyFiles.privateEcJwk(notJson, "otp.keys.assertion-signing-key"))
                .hasMessage("otp.keys.assertion-signing-key: " + notJson + " is not a JWK");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }
}
