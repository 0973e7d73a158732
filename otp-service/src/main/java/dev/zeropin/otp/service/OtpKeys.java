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

/** The secrets of otp-service, read once at start-up; a missing or malformed file stops the start. */
public final class OtpKeys {

    private final ServerSecret serverSecret;
    private final SecretKey otpKey;

    private OtpKeys(ServerSecret serverSecret, SecretKey otpKey) {
        this.serverSecret = serverSecret;
        this.otpKey = otpKey;
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
        return new OtpKeys(serverSecret, new SecretKeySpec(aes, "AES"));
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
