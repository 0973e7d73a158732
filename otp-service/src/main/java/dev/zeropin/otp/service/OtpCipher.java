package dev.zeropin.otp.service;

import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts OTPs at rest with AES-256-GCM. The associated data binds a ciphertext to its OTP id,
 * project and User ID, so that a row copied onto another user's record does not decrypt.
 */
@Singleton
public class OtpCipher {

    /** The GCM nonce length. */
    static final int NONCE_LENGTH = 12;

    private final OtpKeys keys;
    private final SecureRandom random;

    public OtpCipher(OtpKeys keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    /** A fresh random nonce. */
    public byte[] newNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    /** The ciphertext (with tag) of an OTP. */
    public byte[] encrypt(byte[] plain, byte[] nonce, UUID otpId, String clientId, String userId) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            cipher.updateAAD(associatedData(otpId, clientId, userId));
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("OTP encryption failed", e);
        }
    }

    /** The OTP, or empty when the ciphertext is not authentic under the current key. */
    public Optional<byte[]> decrypt(byte[] ciphertext, byte[] nonce, UUID otpId, String clientId, String userId) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce);
            cipher.updateAAD(associatedData(otpId, clientId, userId));
            return Optional.of(cipher.doFinal(ciphertext));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, keys.otpKey(), new GCMParameterSpec(128, nonce));
        return cipher;
    }

    private static byte[] associatedData(UUID otpId, String clientId, String userId) {
        byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(16 + client.length + 1 + user.length)
                .putLong(otpId.getMostSignificantBits())
                .putLong(otpId.getLeastSignificantBits())
                .put(client)
                .put((byte) 0)
                .put(user)
                .array();
    }
}
