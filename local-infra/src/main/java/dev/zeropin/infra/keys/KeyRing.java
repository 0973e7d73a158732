package dev.zeropin.infra.keys;

import dev.zeropin.mpin.MasterSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
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
 *   <tr><td>{@value #ASSERTION_SIGNING}</td><td>yes</td><td>otp-service (identity assertions after a PIN proof)</td></tr>
 *   <tr><td>{@value #ASSERTION_VERIFICATION}</td><td>no</td><td>registration-service</td></tr>
 *   <tr><td>{@value #MASTER_SECRET}</td><td>yes (the crown jewel)</td><td>registration-service</td></tr>
 *   <tr><td>{@value #SERVER_SECRET}</td><td>yes (like a password database)</td><td>otp-service</td></tr>
 *   <tr><td>{@value #OTP_ENCRYPTION_KEY}</td><td>yes</td><td>otp-service</td></tr>
 *   <tr><td>{@value #NAS_SECRET_KEY}</td><td>yes</td><td>registration-service and radius-gateway</td></tr>
 * </table>
 */
public final class KeyRing {

    public static final String ADMIN_SIGNING = "admin-signing.jwk";
    public static final String ADMIN_VERIFICATION = "admin-verification.jwks";
    public static final String ACTIVATION_SIGNING = "activation-signing.jwk";
    public static final String GATEWAY_SIGNING = "gateway-signing.jwk";
    public static final String GATEWAY_VERIFICATION = "gateway-verification.jwks";
    public static final String ASSERTION_SIGNING = "assertion-signing.jwk";
    public static final String ASSERTION_VERIFICATION = "assertion-verification.jwks";

    /** M-Pin master secret {@code s}: base64url of 48 bytes. */
    public static final String MASTER_SECRET = "mpin-master-secret";

    /** M-Pin server secret {@code sQ}, derived from the master secret: base64url of 192 bytes. */
    public static final String SERVER_SECRET = "mpin-server-secret";

    /** AES-256 key that encrypts OTPs at rest: base64url of 32 bytes. */
    public static final String OTP_ENCRYPTION_KEY = "otp-encryption-key";

    /**
     * AES-256 key that seals RADIUS shared secrets managed in the console, at rest in
     * registration-service and on their way to radius-gateway: base64url of 32 bytes.
     */
    public static final String NAS_SECRET_KEY = "nas-secret-key";

    /** Self-signed certificate of otp-service's internal TLS port; radius-gateway trusts exactly it. */
    public static final String OTP_INTERNAL_TLS_CERTIFICATE = "otp-internal-tls.crt";

    /** Private key (PKCS#8 PEM) of that certificate; only otp-service reads it. */
    public static final String OTP_INTERNAL_TLS_KEY = "otp-internal-tls.key";

    /** The local RadSec CA: it issues the gateway's RadSec certificate and NAS certificates; the gateway trusts it. */
    public static final String RADSEC_CA_CERTIFICATE = "radsec-ca.crt";

    /** Private key (PKCS#8 PEM) of the local RadSec CA; only `zeropin keys` uses it, to issue certificates. */
    public static final String RADSEC_CA_KEY = "radsec-ca.key";

    /** The certificate radius-gateway presents on its RadSec port (issued by the local RadSec CA). */
    public static final String RADSEC_SERVER_CERTIFICATE = "radsec-server.crt";

    /** Private key (PKCS#8 PEM) of that certificate; only radius-gateway reads it. */
    public static final String RADSEC_SERVER_KEY = "radsec-server.key";

    /** A client certificate for the local mode's NAS, subject {@value #RADSEC_LOCAL_NAS_SUBJECT}. */
    public static final String RADSEC_NAS_CERTIFICATE = "radsec-nas.crt";

    /** Private key (PKCS#8 PEM) of that client certificate, for the NAS (e.g. radsecproxy). */
    public static final String RADSEC_NAS_KEY = "radsec-nas.key";

    /** The subject of the local NAS's RadSec client certificate. */
    public static final String RADSEC_LOCAL_NAS_SUBJECT = "CN=zeropin-local-nas";

    /** Issuer of admin tokens. */
    public static final String ADMIN_ISSUER = "zeropin-admin";

    /** Audience of admin tokens. */
    public static final String ADMIN_AUDIENCE = "zeropin-admin-api";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

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
        ring.createKeyPair(ASSERTION_SIGNING, ASSERTION_VERIFICATION, "assertion");
        ring.createMpinSecrets();
        ring.createRandomKey(OTP_ENCRYPTION_KEY);
        ring.createRandomKey(NAS_SECRET_KEY);
        ring.createInternalTlsCertificate();
        ring.createRadSecCertificates();
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

    /** The M-Pin master secret of this ring. */
    public MasterSecret masterSecret() {
        return MasterSecret.fromBytes(
                Base64.getUrlDecoder().decode(read(MASTER_SECRET).strip()));
    }

    private void createMpinSecrets() {
        SecureRandom random = new SecureRandom();
        if (!Files.exists(file(MASTER_SECRET))) {
            MasterSecret master = MasterSecret.generate(random);
            writeSecret(MASTER_SECRET, ENCODER.encodeToString(master.toBytes()) + "\n");
            master.destroy();
            deleteIfExists(SERVER_SECRET);
        }
        if (!Files.exists(file(SERVER_SECRET))) {
            writeSecret(SERVER_SECRET, ENCODER.encodeToString(masterSecret().serverSecret()) + "\n");
        }
    }

    private void createInternalTlsCertificate() {
        if (!Files.exists(file(OTP_INTERNAL_TLS_CERTIFICATE)) || !Files.exists(file(OTP_INTERNAL_TLS_KEY))) {
            InternalTlsCertificate tls = InternalTlsCertificate.generate(new SecureRandom());
            writeSecret(OTP_INTERNAL_TLS_KEY, tls.privateKeyPem());
            write(OTP_INTERNAL_TLS_CERTIFICATE, tls.certificatePem());
        }
    }

    /**
     * The local RadSec CA, the gateway's RadSec certificate and the local NAS's client certificate,
     * each made once: what exists stays (a new CA re-issues both certificates).
     */
    private void createRadSecCertificates() {
        CertificateAuthority ca;
        boolean newCa = !Files.exists(file(RADSEC_CA_CERTIFICATE)) || !Files.exists(file(RADSEC_CA_KEY));
        if (newCa) {
            ca = CertificateAuthority.generate("CN=ZeroPIN local RadSec CA");
            writeSecret(RADSEC_CA_KEY, ca.privateKeyPem());
            write(RADSEC_CA_CERTIFICATE, ca.certificatePem());
        } else {
            ca = CertificateAuthority.fromPem(read(RADSEC_CA_CERTIFICATE), read(RADSEC_CA_KEY));
        }
        if (newCa || !Files.exists(file(RADSEC_SERVER_CERTIFICATE)) || !Files.exists(file(RADSEC_SERVER_KEY))) {
            CertificateAuthority.Issued server = ca.issue(
                    "CN=ZeroPIN radius-gateway", List.of("DNS:radius-gateway", "DNS:localhost", "IP:127.0.0.1"), true);
            writeSecret(RADSEC_SERVER_KEY, server.privateKeyPem());
            write(RADSEC_SERVER_CERTIFICATE, server.certificatePem());
        }
        if (newCa || !Files.exists(file(RADSEC_NAS_CERTIFICATE)) || !Files.exists(file(RADSEC_NAS_KEY))) {
            CertificateAuthority.Issued nas = ca.issue(RADSEC_LOCAL_NAS_SUBJECT, List.of(), false);
            writeSecret(RADSEC_NAS_KEY, nas.privateKeyPem());
            write(RADSEC_NAS_CERTIFICATE, nas.certificatePem());
        }
    }

    private void createRandomKey(String name) {
        if (!Files.exists(file(name))) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            writeSecret(name, ENCODER.encodeToString(key) + "\n");
        }
    }

    /**
     * Starts a rotation of the NAS secret key: a new random key becomes the first line of {@value
     * #NAS_SECRET_KEY} (it seals), the current key stays as the second line (it still opens), older
     * lines are dropped. Then: the file to both services, {@code zeropin keys reseal-nas-secrets},
     * and {@link #retireOldNasSecretKeys()}.
     */
    public void rotateNasSecretKey() {
        List<String> lines = nasSecretKeyLines();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        writeSecret(NAS_SECRET_KEY, ENCODER.encodeToString(key) + "\n" + lines.get(0) + "\n");
    }

    /** Ends a rotation: only the first line of {@value #NAS_SECRET_KEY} (the key that seals) stays. */
    public void retireOldNasSecretKeys() {
        writeSecret(NAS_SECRET_KEY, nasSecretKeyLines().get(0) + "\n");
    }

    /** The lines of {@value #NAS_SECRET_KEY}: the key that seals first, then the keys that only open. */
    public List<String> nasSecretKeyLines() {
        List<String> lines = read(NAS_SECRET_KEY)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException(file(NAS_SECRET_KEY) + " holds no key");
        }
        return lines;
    }

    private String read(String name) {
        try {
            return Files.readString(file(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteIfExists(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
