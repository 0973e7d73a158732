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
    /** A RadSec-only client (no UDP secret) on 127.0.0.0/8, recognised by its certificate's subject or DNS name. */
    public static final String RADSEC_NAS = "radsec-nas";

    public static final String RADSEC_NAS_SUBJECT = "CN=radsec-test-nas,O=ZeroPIN tests";
    public static final String RADSEC_NAS_DNS_NAME = "nas.radsec.test";
    public static final String PROJECT = "demo";
}
