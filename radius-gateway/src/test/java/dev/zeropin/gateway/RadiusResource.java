package dev.zeropin.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/** Writes a clients file with fresh secrets and starts the stand-in otp-service. */
public class RadiusResource implements QuarkusTestResourceLifecycleManager {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private RadiusFixture fixture;
    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("zeropin-radius-test");
            String secret = randomSecret();
            String legacy = randomSecret();
            Files.writeString(directory.resolve("nas.secret"), secret + "\n");
            Files.writeString(directory.resolve("legacy.secret"), legacy);
            Path clients = directory.resolve("radius-clients.json");
            Files.writeString(clients, clientsFile(""));
            FakeOtpService otp = FakeOtpService.start();
            fixture = new RadiusFixture(clients, secret, legacy, otp);
            return Map.of(
                    "gateway.clients.file", clients.toString(),
                    "gateway.otp.url", otp.url(),
                    "gateway.otp.deadline", "1s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The clients file of the tests, with {@code more} client entries (JSON objects, each with a leading comma). */
    public static String clientsFile(String more) {
        return """
                {"clients": [
                  {"name": "test-nas", "address": "127.0.0.1", "secretFile": "nas.secret", "project": "demo"},
                  {"name": "legacy-nas", "address": "127.0.0.2/32", "secretFile": "legacy.secret", "project": "demo",
                   "requireMessageAuthenticator": false},
                  {"name": "radsec-nas", "address": "127.0.0.0/8", "project": "demo",
                   "radsec": {"subject": "CN=radsec-test-nas,O=ZeroPIN tests", "subjectAltNames": ["DNS:nas.radsec.test"]}}%s
                ]}
                """.formatted(more);
    }

    public static String randomSecret() {
        SecureRandom random = new SecureRandom();
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                fixture, new TestInjector.AnnotatedAndMatchesType(InjectRadius.class, RadiusFixture.class));
    }

    @Override
    public void stop() {
        if (fixture != null) {
            fixture.otpService().close();
        }
    }
}
