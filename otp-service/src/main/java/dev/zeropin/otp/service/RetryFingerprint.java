package dev.zeropin.otp.service;

import dev.zeropin.internal.otp.NasSession;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed fingerprint of an accepted verification that a NAS's retry must match (issue 18): an
 * HMAC-SHA-256 over the project, the User ID, the NAS, the OTP and the session identifiers the NAS
 * sent. The key is derived from the OTP encryption key, so the stored fingerprint neither reveals
 * the OTP nor can be recomputed without the server's secret (a 6-digit OTP under a plain hash would
 * fall to a million guesses).
 */
@Singleton
public class RetryFingerprint {

    private static final byte[] LABEL = "zeropin otp-service retry fingerprint v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    public RetryFingerprint(OtpKeys keys) {
        this.key = new SecretKeySpec(
                hmac(new SecretKeySpec(keys.otpKey().getEncoded(), "HmacSHA256"), LABEL), "HmacSHA256");
    }

    /**
     * Whether a request from this session can take part in the retry window at all: only one that
     * names the endpoint (Calling-Station-Id), else a retry cannot be told from a replay by someone
     * else behind the same NAS.
     */
    public static boolean qualifies(NasSession nas) {
        return nas != null
                && nas.callingStationId() != null
                && !nas.callingStationId().isBlank();
    }

    /** The fingerprint of {@code otp} presented for the user from the session; requires {@link #qualifies}. */
    public byte[] of(String clientId, String userId, NasSession nas, byte[] otp) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        field(input, clientId.getBytes(StandardCharsets.UTF_8));
        field(input, userId.getBytes(StandardCharsets.UTF_8));
        String nasName = nas.nasName() != null ? nas.nasName() : nas.nasAddress();
        field(input, text(nasName));
        field(input, otp);
        field(input, text(nas.callingStationId().strip().toLowerCase(Locale.ROOT)));
        field(input, nas.nasPort() == null ? null : text(Long.toString(nas.nasPort())));
        field(input, text(nas.nasPortId()));
        return hmac(key, input.toByteArray());
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** Length-prefixed, so that no two different field lists give the same input; -1 marks an absent field. */
    private static void field(ByteArrayOutputStream input, byte[] value) {
        input.writeBytes(
                ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            input.writeBytes(value);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
