package dev.zeropin.registration.service;

import dev.zeropin.mpin.MasterSecret;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.support.keys.KeyFiles;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.EllipticCurveJsonWebKey;

/**
 * The secrets of registration-service, read once at start-up; a missing or malformed file stops
 * the start with a message that names the setting.
 */
public final class RegistrationKeys {

    private final MasterSecret masterSecret;
    private final ECPrivateKey activationKey;
    private final ECPublicKey activationPublicKey;
    private final String activationKeyId;
    private final byte[] codeMacKey;
    private final byte[] verificationKey;
    private final byte[] consoleKey;

    private RegistrationKeys(MasterSecret masterSecret, EllipticCurveJsonWebKey activation, byte[] codeMacKey) {
        this.masterSecret = masterSecret;
        this.activationKey = activation.getEcPrivateKey();
        this.activationPublicKey = activation.getECPublicKey();
        this.activationKeyId = activation.getKeyId();
        this.codeMacKey = codeMacKey;
        this.verificationKey = derive(activation.getEcPrivateKey(), "zeropin verification secrets v1");
        this.consoleKey = derive(activation.getEcPrivateKey(), "zeropin console session v1");
    }

    static RegistrationKeys load(RegistrationConfig.Keys keys) {
        MasterSecret master;
        try {
            master = MasterSecret.fromBytes(KeyFiles.base64url(keys.masterSecret(), "registration.keys.master-secret"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("registration.keys.master-secret: " + e.getMessage());
        }
        EllipticCurveJsonWebKey activation =
                KeyFiles.privateEcJwk(keys.activationSigningKey(), "registration.keys.activation-signing-key");
        return new RegistrationKeys(
                master, activation, derive(activation.getEcPrivateKey(), "zeropin verification code mac v1"));
    }

    /** A key for one purpose, derived from the activation key (a secret only this service holds). */
    private static byte[] derive(ECPrivateKey key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getS().toByteArray(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** HMAC-SHA256 under the console key: signs session cookies and derives CSRF tokens. */
    public byte[] consoleMac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(consoleKey, "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    public MasterSecret masterSecret() {
        return masterSecret;
    }

    ECPrivateKey activationKey() {
        return activationKey;
    }

    ECPublicKey activationPublicKey() {
        return activationPublicKey;
    }

    String activationKeyId() {
        return activationKeyId;
    }

    /**
     * The verification code of a registration ({@code digits} digits), derived from a key of this
     * service and the registration id, so that the mail queue never stores it.
     */
    String verificationCode(java.util.UUID registrationId, int digits) {
        byte[] mac = verificationMac(registrationId, "code");
        long value = new BigInteger(1, java.util.Arrays.copyOf(mac, 16))
                .mod(BigInteger.TEN.pow(digits))
                .longValueExact();
        String text = Long.toString(value);
        return "0".repeat(digits - text.length()) + text;
    }

    /** The 256-bit link token of a registration, derived like its code. */
    String linkToken(java.util.UUID registrationId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(verificationMac(registrationId, "link"));
    }

    private byte[] verificationMac(java.util.UUID registrationId, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(verificationKey, "HmacSHA256"));
            mac.update((purpose + ":" + registrationId).getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** HMAC-SHA256 of a verification code, bound to its registration. */
    byte[] codeMac(java.util.UUID registrationId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(codeMacKey, "HmacSHA256"));
            mac.update(new BigInteger(registrationId.toString().replace("-", ""), 16).toByteArray());
            return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
