package dev.zeropin.deploy;

import java.util.Map;
import java.util.Set;

/** Which key files each service may hold (design: the master secret only in registration-service, sQ only in otp-service). */
final class KeyFiles {

    static final String MASTER_SECRET = "mpin-master-secret";
    static final String SERVER_SECRET = "mpin-server-secret";

    /** The key files mounted into each service, by chart. */
    static final Map<String, Set<String>> BY_SERVICE = Map.of(
            Charts.REGISTRATION,
            Set.of(
                    MASTER_SECRET,
                    "activation-signing.jwk",
                    "nas-secret-key",
                    "admin-verification.jwks",
                    "assertion-verification.jwks"),
            Charts.OTP,
            Set.of(
                    SERVER_SECRET,
                    "otp-encryption-key",
                    "assertion-signing.jwk",
                    "gateway-verification.jwks",
                    "otp-internal-tls.key",
                    "otp-internal-tls.crt"),
            Charts.GATEWAY,
            Set.of("gateway-signing.jwk", "nas-secret-key", "otp-internal-tls.crt"));

    private KeyFiles() {}
}
