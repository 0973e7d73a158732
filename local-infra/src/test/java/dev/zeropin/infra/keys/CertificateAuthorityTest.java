package dev.zeropin.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SignatureException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    @Test
    void issuesCertificatesWithTheSubjectAsRfc2253WritesItAndTheAltNamesAsked() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("CN=Test CA,O=Example");

        CertificateAuthority.Issued issued =
                ca.issue("CN=vpn1.example.org,O=Example", List.of("DNS:vpn1", "IP:192.0.2.1"), false);

        issued.certificate().verify(ca.certificate().getPublicKey());
        assertThat(issued.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=vpn1.example.org,O=Example");
        assertThat(issued.certificate().getIssuerX500Principal())
                .isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(issued.certificate().getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactly("vpn1", "192.0.2.1");
        assertThat(ca.certificate().getBasicConstraints()).isZero();
        assertThat(issued.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void aCaReadBackFromPemIssuesUnderTheSameKey() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("CN=Test CA");
        CertificateAuthority again = CertificateAuthority.fromPem(ca.certificatePem(), ca.privateKeyPem());
        CertificateAuthority other = CertificateAuthority.generate("CN=Test CA");

        var issued = again.issue("CN=nas", List.of(), false).certificate();

        issued.verify(ca.certificate().getPublicKey());
        assertThatThrownBy(() -> issued.verify(other.certificate().getPublicKey()))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> ca.issue("CN=x", List.of("URI:https://x"), false))
                .hasMessageContaining("DNS: or IP:");
    }
}
