package dev.zeropin.gateway;

import java.nio.file.Path;

/**
 * The RADIUS side of the gateway's tests: the clients file and its secrets (generated per run),
 * and the stand-in otp-service.
 *
 * @param clientsFile the static clients file the gateway watches
 * @param secret the secret of {@value #NAS} (127.0.0.1, Message-Authenticator required)
 * @param legacySecret the secret of {@value #LEGACY_NAS} (127.0.0.2, no Message-Authenticator required)
 * @param otpService the stand-in otp-service
 */
public record RadiusFixture(Path clientsFile, String secret, String legacySecret, FakeOtpService otpService) {

    public static final String NAS = "test-nas";
    public static final String LEGACY_NAS = "legacy-nas";
    public static final String PROJECT = "demo";
}
