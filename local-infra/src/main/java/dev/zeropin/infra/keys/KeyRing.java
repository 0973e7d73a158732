package dev.zeropin.infra.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The key files of a ZeroPIN installation, in one directory. {@link #createMissing} generates what
 * is missing and never overwrites a key: the local mode calls it at every start, operators once
 * (then mount each file only into the service that needs it).
 *
 * <table>
 *   <caption>Key files</caption>
 *   <tr><th>file</th><th>secret</th><th>used by</th></tr>
 *   <tr><td>{@value #ADMIN_SIGNING}</td><td>yes</td><td>whoever mints admin tokens (ops tool)</td></tr>
 *   <tr><td>{@value #ADMIN_VERIFICATION}</td><td>no</td><td>registration-service</td></tr>
 *   <tr><td>{@value #ACTIVATION_SIGNING}</td><td>yes</td><td>registration-service</td></tr>
 *   <tr><td>{@value #GATEWAY_SIGNING}</td><td>yes</td><td>radius-gateway</td></tr>
 *   <tr><td>{@value #GATEWAY_VERIFICATION}</td><td>no</td><td>otp-service</td></tr>
 * </table>
 */
public final class KeyRing {

    public static final String ADMIN_SIGNING = "admin-signing.jwk";
    public static final String ADMIN_VERIFICATION = "admin-verification.jwks";
    public static final String ACTIVATION_SIGNING = "activation-signing.jwk";
    public static final String GATEWAY_SIGNING = "gateway-signing.jwk";
    public static final String GATEWAY_VERIFICATION = "gateway-verification.jwks";

    /** Issuer of admin tokens. */
    public static final String ADMIN_ISSUER = "zeropin-admin";

    /** Audience of admin tokens. */
    public static final String ADMIN_AUDIENCE = "zeropin-admin-api";

    private final Path directory;

    private KeyRing(Path directory) {
        this.directory = directory;
    }

    /** Opens {@code directory}, generating every key file that does not exist yet. */
    public static KeyRing createMissing(Path directory) {
        KeyRing ring = new KeyRing(directory);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ring.createKeyPair(ADMIN_SIGNING, ADMIN_VERIFICATION, "admin");
        ring.createKeyPair(ACTIVATION_SIGNING, null, "activation");
        ring.createKeyPair(GATEWAY_SIGNING, GATEWAY_VERIFICATION, "gateway");
        return ring;
    }

    /**
     * Opens an existing key folder without generating anything.
     *
     * @throws IllegalArgumentException when {@code directory} has no key files
     */
    public static KeyRing existing(Path directory) {
        if (!Files.isDirectory(directory) || !Files.exists(directory.resolve(ADMIN_SIGNING))) {
            throw new IllegalArgumentException(directory + " holds no ZeroPIN keys (create them with: zeropin keys)");
        }
        return new KeyRing(directory);
    }

    public Path directory() {
        return directory;
    }

    /** The path of one key file. */
    public Path file(String name) {
        return directory.resolve(name);
    }

    /** The signing key stored in a private JWK file of this ring. */
    public SigningKey signingKey(String name) {
        try {
            return SigningKey.fromPrivateJwk(Files.readString(file(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A global admin token for {@code subject}, valid for {@code lifetime}. */
    public String adminToken(String subject, Duration lifetime) {
        return signingKey(ADMIN_SIGNING)
                .signJwt(ADMIN_ISSUER, ADMIN_AUDIENCE, subject, List.of("admin"), lifetime, Map.of());
    }

    private void createKeyPair(String privateFile, String publicFile, String purpose) {
        if (Files.exists(file(privateFile))) {
            return;
        }
        SigningKey key = SigningKey.generate(purpose);
        writeSecret(privateFile, key.privateJwkJson());
        if (publicFile != null) {
            write(publicFile, key.publicJwksJson());
        }
    }

    /** Writes a file readable by its owner only. */
    void writeSecret(String name, String content) {
        Path path = file(name);
        try {
            Files.deleteIfExists(path);
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String content) {
        try {
            Files.writeString(file(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
