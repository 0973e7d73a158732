package dev.zeropin.infra.testing;

import dev.zeropin.infra.keys.KeyRing;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Generates a fresh {@link KeyRing} for a test run (no key is ever committed) and points the
 * service's key settings at its files. Init argument {@code service}: {@code registration},
 * {@code otp} or {@code gateway}.
 */
public class KeysResource implements QuarkusTestResourceLifecycleManager {

    private String service = "registration";
    private KeyRing keys;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
    }

    @Override
    public Map<String, String> start() {
        try {
            keys = KeyRing.createMissing(Files.createTempDirectory("zeropin-keys"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        switch (service) {
            case "registration" -> {
                config.put("mp.jwt.verify.publickey.location", uri(KeyRing.ADMIN_VERIFICATION));
                config.put(
                        "registration.keys.activation-signing-key",
                        keys.file(KeyRing.ACTIVATION_SIGNING).toString());
                config.put(
                        "registration.keys.master-secret",
                        keys.file(KeyRing.MASTER_SECRET).toString());
                config.put(
                        "registration.keys.assertion-verification-jwks",
                        keys.file(KeyRing.ASSERTION_VERIFICATION).toString());
                config.put(
                        "registration.keys.nas-secret-key",
                        rotatingNasSecretKeys().toString());
            }
            case "otp" -> {
                config.put("mp.jwt.verify.publickey.location", uri(KeyRing.GATEWAY_VERIFICATION));
                config.put(
                        "otp.keys.server-secret",
                        keys.file(KeyRing.SERVER_SECRET).toString());
                config.put(
                        "otp.keys.otp-encryption-key",
                        keys.file(KeyRing.OTP_ENCRYPTION_KEY).toString());
                config.put(
                        "otp.keys.assertion-signing-key",
                        keys.file(KeyRing.ASSERTION_SIGNING).toString());
            }
            case "gateway" -> {
                config.put(
                        "gateway.keys.service-signing-key",
                        keys.file(KeyRing.GATEWAY_SIGNING).toString());
                config.put(
                        "gateway.keys.nas-secret-key",
                        keys.file(KeyRing.NAS_SECRET_KEY).toString());
                // RadSec on a free port with the ring's certificates; tests issue NAS certificates
                // with the ring's CA (KeyRing.RADSEC_CA_*).
                config.put("gateway.radsec.enabled", "true");
                config.put("gateway.radsec.port", "0");
                config.put(
                        "gateway.radsec.certificate-file",
                        keys.file(KeyRing.RADSEC_SERVER_CERTIFICATE).toString());
                config.put(
                        "gateway.radsec.key-file",
                        keys.file(KeyRing.RADSEC_SERVER_KEY).toString());
                config.put(
                        "gateway.radsec.ca-file",
                        keys.file(KeyRing.RADSEC_CA_CERTIFICATE).toString());
            }
            default -> throw new IllegalArgumentException("unknown service " + service);
        }
        return config;
    }

    /** The file name of the NAS secret keys that registration-service's tests run with. */
    public static final String ROTATING_NAS_SECRET_KEYS = "nas-secret-key.rotating";

    /**
     * registration-service's tests run in the middle of a NAS secret key rotation (as after {@code
     * zeropin keys rotate-nas-secret-key}): the ring's key first (it seals), an older key second
     * (it only opens), so that re-sealing can be tested.
     */
    private java.nio.file.Path rotatingNasSecretKeys() {
        byte[] older = new byte[32];
        new java.security.SecureRandom().nextBytes(older);
        java.nio.file.Path file = keys.directory().resolve(ROTATING_NAS_SECRET_KEYS);
        try {
            Files.writeString(
                    file,
                    keys.nasSecretKeyLines().get(0) + "\n"
                            + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(older) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private String uri(String file) {
        return keys.file(file).toUri().toString();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(keys, new TestInjector.AnnotatedAndMatchesType(InjectKeys.class, KeyRing.class));
    }

    @Override
    public void stop() {
        if (keys != null) {
            try (var files = Files.list(keys.directory())) {
                for (var file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(keys.directory());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
