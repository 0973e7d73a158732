package dev.zeropin.otp.service;

import dev.zeropin.mpin.ServerSecret;
import dev.zeropin.otp.config.OtpConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.JoseException;

/** The secrets of otp-service, read once at start-up; a missing or malformed file stops the start. */
public final class OtpKeys {

    private final ServerSecret serverSecret;
    private final SecretKey otpKey;
    private final EllipticCurveJsonWebKey assertionKey;

    private OtpKeys(ServerSecret serverSecret, SecretKey otpKey, EllipticCurveJsonWebKey assertionKey) {
        this.serverSecret = serverSecret;
        this.otpKey = otpKey;
        this.assertionKey = assertionKey;
    }

    static OtpKeys load(OtpConfig.Keys keys) {
        ServerSecret serverSecret;
        try {
            serverSecret = ServerSecret.fromBytes(decode(keys.serverSecret(), "otp.keys.server-secret"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("otp.keys.server-secret: " + e.getMessage());
        }
        byte[] aes = decode(keys.otpEncryptionKey(), "otp.keys.otp-encryption-key");
        if (aes.length != 32) {
            throw new IllegalStateException("otp.keys.otp-encryption-key must hold 32 bytes (base64url)");
        }
        EllipticCurveJsonWebKey assertion;
        try {
            JsonWebKey jwk =
                    JsonWebKey.Factory.newJwk(Files.readString(keys.assertionSigningKey(), StandardCharsets.UTF_8));
            if (!(jwk instanceof EllipticCurveJsonWebKey ec) || ec.getEcPrivateKey() == null) {
                throw new IllegalStateException("otp.keys.assertion-signing-key is not a private EC JWK");
            }
            assertion = ec;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "otp.keys.assertion-signing-key: cannot read " + keys.assertionSigningKey());
        } catch (JoseException e) {
            throw new IllegalStateException("otp.keys.assertion-signing-key is not a JWK");
        }
        return new OtpKeys(serverSecret, new SecretKeySpec(aes, "AES"), assertion);
    }

    /** The private JWK that signs identity assertions. */
    public EllipticCurveJsonWebKey assertionKey() {
        return assertionKey;
    }

    private static byte[] decode(Path file, String setting) {
        try {
            return Base64.getUrlDecoder()
                    .decode(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IllegalStateException(
                    setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + file + " is not base64url");
        }
    }

    public ServerSecret serverSecret() {
        return serverSecret;
    }

    public SecretKey otpKey() {
        return otpKey;
    }
}
