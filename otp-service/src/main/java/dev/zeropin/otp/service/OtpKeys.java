package dev.zeropin.otp.service;

import dev.zeropin.mpin.ServerSecret;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.support.keys.KeyFiles;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.EllipticCurveJsonWebKey;

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
            serverSecret = ServerSecret.fromBytes(KeyFiles.base64url(keys.serverSecret(), "otp.keys.server-secret"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("otp.keys.server-secret: " + e.getMessage());
        }
        byte[] aes = KeyFiles.base64url(keys.otpEncryptionKey(), "otp.keys.otp-encryption-key");
        if (aes.length != 32) {
            throw new IllegalStateException("otp.keys.otp-encryption-key must hold 32 bytes (base64url)");
        }
        EllipticCurveJsonWebKey assertion =
                KeyFiles.privateEcJwk(keys.assertionSigningKey(), "otp.keys.assertion-signing-key");
        return new OtpKeys(serverSecret, new SecretKeySpec(aes, "AES"), assertion);
    }

    /** The private JWK that signs identity assertions. */
    public EllipticCurveJsonWebKey assertionKey() {
        return assertionKey;
    }

    public ServerSecret serverSecret() {
        return serverSecret;
    }

    public SecretKey otpKey() {
        return otpKey;
    }
}
