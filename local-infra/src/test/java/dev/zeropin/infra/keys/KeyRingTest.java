package dev.zeropin.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zeropin.mpin.ServerSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {

    @TempDir
    Path directory;

    @Test
    void createsEveryKeyFileWithSecretsReadableByTheOwnerOnly() throws Exception {
        KeyRing.createMissing(directory);

        for (String secret : List.of(
                KeyRing.ADMIN_SIGNING,
                KeyRing.ACTIVATION_SIGNING,
                KeyRing.GATEWAY_SIGNING,
                KeyRing.MASTER_SECRET,
                KeyRing.SERVER_SECRET,
                KeyRing.OTP_ENCRYPTION_KEY,
                KeyRing.OTP_INTERNAL_TLS_KEY)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(secret))))
                    .as(secret)
                    .isEqualTo("rw-------");
        }
        assertThat(directory.resolve(KeyRing.ADMIN_VERIFICATION)).exists();
        assertThat(directory.resolve(KeyRing.GATEWAY_VERIFICATION)).exists();
        assertThat(directory.resolve(KeyRing.OTP_INTERNAL_TLS_CERTIFICATE)).exists();
        assertThat(Base64.getUrlDecoder()
                        .decode(Files.readString(directory.resolve(KeyRing.OTP_ENCRYPTION_KEY))
                                .strip()))
                .hasSize(32);
    }

    @Test
    void createsTheRadSecCaAndCertificatesItIssuedOnce() throws Exception {
        KeyRing.createMissing(directory);
        for (String secret : List.of(KeyRing.RADSEC_CA_KEY, KeyRing.RADSEC_SERVER_KEY, KeyRing.RADSEC_NAS_KEY)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(secret))))
                    .as(secret)
                    .isEqualTo("rw-------");
        }
        java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.cert.X509Certificate ca = certificate(x509, KeyRing.RADSEC_CA_CERTIFICATE);
        java.security.cert.X509Certificate server = certificate(x509, KeyRing.RADSEC_SERVER_CERTIFICATE);
        java.security.cert.X509Certificate nas = certificate(x509, KeyRing.RADSEC_NAS_CERTIFICATE);
        server.verify(ca.getPublicKey());
        nas.verify(ca.getPublicKey());
        assertThat(nas.getSubjectX500Principal().getName()).isEqualTo(KeyRing.RADSEC_LOCAL_NAS_SUBJECT);
        assertThat(nas.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        String before = Files.readString(directory.resolve(KeyRing.RADSEC_SERVER_CERTIFICATE));

        Files.delete(directory.resolve(KeyRing.RADSEC_NAS_CERTIFICATE));
        KeyRing.createMissing(directory);

        assertThat(Files.readString(directory.resolve(KeyRing.RADSEC_SERVER_CERTIFICATE)))
                .isEqualTo(before);
        certificate(x509, KeyRing.RADSEC_NAS_CERTIFICATE).verify(ca.getPublicKey());
    }

    private java.security.cert.X509Certificate certificate(java.security.cert.CertificateFactory x509, String name)
            throws Exception {
        try (java.io.InputStream in = Files.newInputStream(directory.resolve(name))) {
            return (java.security.cert.X509Certificate) x509.generateCertificate(in);
        }
    }

    @Test
    void neverOverwritesAKey() throws Exception {
        KeyRing.createMissing(directory);
        String master = Files.readString(directory.resolve(KeyRing.MASTER_SECRET));
        String admin = Files.readString(directory.resolve(KeyRing.ADMIN_SIGNING));

        KeyRing.createMissing(directory);

        assertThat(Files.readString(directory.resolve(KeyRing.MASTER_SECRET))).isEqualTo(master);
        assertThat(Files.readString(directory.resolve(KeyRing.ADMIN_SIGNING))).isEqualTo(admin);
    }

    @Test
    void derivesTheServerSecretFromTheMasterSecret() throws Exception {
        KeyRing ring = KeyRing.createMissing(directory);
        byte[] serverSecret = Base64.getUrlDecoder()
                .decode(Files.readString(directory.resolve(KeyRing.SERVER_SECRET))
                        .strip());

        assertThat(serverSecret).isEqualTo(ring.masterSecret().serverSecret());
        ServerSecret.fromBytes(serverSecret);
    }

    @Test
    void signsAdminTokensThatItsJwksVerifies() throws Exception {
        KeyRing ring = KeyRing.createMissing(directory);
        String token = ring.adminToken("ops@example.com", Duration.ofMinutes(5));
        JsonWebKeySet jwks = new JsonWebKeySet(Files.readString(directory.resolve(KeyRing.ADMIN_VERIFICATION)));

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(jwks.findJsonWebKey(jws.getKeyIdHeaderValue(), "EC", "sig", "ES256")
                .getKey());

        assertThat(jws.verifySignature()).isTrue();
        assertThat(jws.getPayload()).contains("\"groups\":[\"admin\"]", "\"aud\":\"zeropin-admin-api\"");
    }

    @Test
    void anExistingRingMustHoldKeys() {
        assertThatThrownBy(() -> KeyRing.existing(directory)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotatesTheNasSecretKeyKeepingTheOldOneUntilItIsRetired(@TempDir Path directory) throws Exception {
        KeyRing ring = KeyRing.createMissing(directory);
        String original = ring.nasSecretKeyLines().get(0);

        ring.rotateNasSecretKey();

        List<String> rotating = ring.nasSecretKeyLines();
        assertThat(rotating).hasSize(2).element(1).isEqualTo(original);
        assertThat(Base64.getUrlDecoder().decode(rotating.get(0))).hasSize(32);
        assertThat(rotating.get(0)).isNotEqualTo(original);
        ring.rotateNasSecretKey();
        assertThat(ring.nasSecretKeyLines()).hasSize(2).element(1).isEqualTo(rotating.get(0));
        ring.retireOldNasSecretKeys();
        assertThat(ring.nasSecretKeyLines()).hasSize(1).doesNotContain(original);
        assertThat(Files.getPosixFilePermissions(ring.file(KeyRing.NAS_SECRET_KEY)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
