package dev.zeropin.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

class InternalTlsCertificateTest {

    private final InternalTlsCertificate tls = InternalTlsCertificate.generate(new SecureRandom());

    @Test
    void theCertificateIsAServerCertificateSignedByItsOwnKey() throws Exception {
        X509Certificate certificate = certificate();

        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .contains("otp-service", "localhost", "127.0.0.1");
        assertThat(certificate.getNotAfter().toInstant())
                .isAfter(Instant.now().plus(InternalTlsCertificate.VALIDITY.minus(Duration.ofDays(1))));
    }

    @Test
    void thePrivateKeyIsTheCertificatesKeyInPkcs8() throws Exception {
        PemObject pem = new PemReader(new StringReader(tls.privateKeyPem())).readPemObject();
        assertThat(pem.getType()).isEqualTo("PRIVATE KEY");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pem.getContent()));
        byte[] message = "internal API".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate().getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void everyCertificateHasItsOwnKeyAndSerial() throws Exception {
        X509Certificate other =
                parse(InternalTlsCertificate.generate(new SecureRandom()).certificatePem());
        X509Certificate mine = certificate();
        assertThat(List.of(other.getSerialNumber())).doesNotContain(mine.getSerialNumber());
        assertThat(other.getPublicKey()).isNotEqualTo(mine.getPublicKey());
    }

    private X509Certificate certificate() throws Exception {
        return parse(tls.certificatePem());
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
