package dev.zeropin.events;

import dev.zeropin.events.RadiusClientEvents.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals RADIUS shared secrets with AES-256-GCM under the NAS secret key, bound (associated data)
 * to the RADIUS client's id, so that a sealed secret copied to another client does not open. The
 * one format for registration-service (at rest, in events) and radius-gateway (on receipt).
 */
public final class SecretSeal {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretSeal() {}

    /** Seals {@code secret} for the RADIUS client {@code clientId}. */
    public static SealedSecret seal(SecretKey key, String radiusClientId, String secret) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(radiusClientId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(ENCODER.encodeToString(nonce), ENCODER.encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret could not be sealed", e);
        }
    }

    /**
     * Opens a sealed secret of the RADIUS client {@code clientId}.
     *
     * @throws IllegalArgumentException when it was not sealed with this key for this client
     */
    public static String open(SecretKey key, String radiusClientId, SealedSecret sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, DECODER.decode(sealed.nonce())));
            cipher.updateAAD(radiusClientId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(DECODER.decode(sealed.ciphertext())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed secret does not open with this key for " + radiusClientId);
        }
    }
}
