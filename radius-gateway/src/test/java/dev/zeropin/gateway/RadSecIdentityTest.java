package dev.zeropin.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zeropin.infra.keys.CertificateAuthority;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadSecIdentityTest {

    private static final CertificateAuthority CA = CertificateAuthority.generate("CN=Test CA");

    @Test
    void matchesTheSubjectAsADistinguishedNameNotAsText() {
        var certificate =
                CA.issue("CN=vpn1.example.org,O=Example", List.of(), false).certificate();

        assertThat(RadSecIdentity.of("CN=vpn1.example.org, O=Example", null).matches(certificate))
                .isTrue();
        assertThat(RadSecIdentity.of("cn=vpn1.example.org,o=Example", null).matches(certificate))
                .isTrue();
        assertThat(RadSecIdentity.of("CN=vpn1.example.org", null).matches(certificate))
                .as("a part of the subject is not the subject")
                .isFalse();
        assertThat(RadSecIdentity.of("CN=vpn1.example.org,O=Other", null).matches(certificate))
                .isFalse();
    }

    @Test
    void matchesOneOfTheDeclaredSubjectAltNames() {
        var certificate = CA.issue("CN=anything", List.of("DNS:VPN2.Example.org", "IP:192.0.2.11"), false)
                .certificate();

        assertThat(RadSecIdentity.of(null, List.of("DNS:vpn2.example.org")).matches(certificate))
                .isTrue();
        assertThat(RadSecIdentity.of(null, List.of("DNS:other.example.org", "IP:192.0.2.11"))
                        .matches(certificate))
                .isTrue();
        assertThat(RadSecIdentity.of(null, List.of("DNS:example.org", "IP:192.0.2.12"))
                        .matches(certificate))
                .isFalse();
        assertThat(RadSecIdentity.of(null, List.of("DNS:vpn2.example.org.evil")).matches(certificate))
                .isFalse();
        assertThat(RadSecIdentity.of("CN=vpn2.example.org", null).matches(certificate))
                .as("a subject only matches the subject")
                .isFalse();
    }

    @Test
    void refusesEmptyAndMalformedDeclarations() {
        assertThatThrownBy(() -> RadSecIdentity.of(null, List.of()))
                .hasMessageContaining("needs a subject or at least one subjectAltName");
        assertThatThrownBy(() -> RadSecIdentity.of("not a name", null)).hasMessageContaining("distinguished name");
        assertThatThrownBy(() -> RadSecIdentity.of(null, List.of("vpn.example.org")))
                .hasMessageContaining("DNS:<name>");
        assertThatThrownBy(() -> RadSecIdentity.of(null, List.of("X400:foo"))).hasMessageContaining("DNS:<name>");
    }
}
