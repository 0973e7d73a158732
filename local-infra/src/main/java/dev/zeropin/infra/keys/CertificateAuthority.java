package dev.zeropin.infra.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for RadSec (RADIUS over TLS): the local mode's CA that issues the
 * gateway's server certificate and the demo NAS's client certificate, and the tests' CAs. Keys are
 * P-256; certificates and keys are PEM (keys unencrypted PKCS#8, the form Netty and OpenSSL read).
 */
public final class CertificateAuthority {

    /** How long generated certificates are valid; `zeropin keys` makes new ones when they are gone. */
    public static final Duration VALIDITY = Duration.ofDays(5 * 365);

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final SecureRandom random;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, SecureRandom random) {
        this.certificate = certificate;
        this.key = key;
        this.random = random;
    }

    /** A certificate issued by this authority, with its key. */
    public record Issued(X509Certificate certificate, String certificatePem, String privateKeyPem) {}

    /** A new self-signed CA named {@code subject} (e.g. {@code CN=ZeroPIN RadSec CA}). */
    public static CertificateAuthority generate(String subject) {
        SecureRandom random = new SecureRandom();
        KeyPair pair = keyPair(random);
        X500Name name = name(subject);
        try {
            X509v3CertificateBuilder builder = builder(name, name, pair, random)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate(), random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CA from its PEM certificate and PEM private key (as {@link #certificatePem()} and {@link #privateKeyPem()} wrote them). */
    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
        try (PEMParser certificates = new PEMParser(new StringReader(certificatePem));
                PEMParser keys = new PEMParser(new StringReader(privateKeyPem))) {
            X509Certificate certificate =
                    new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) certificates.readObject());
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) keys.readObject());
            return new CertificateAuthority(certificate, key, new SecureRandom());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a CA certificate and PKCS#8 key in PEM", e);
        }
    }

    /**
     * Issues a certificate for a TLS server ({@code server}) or client.
     *
     * @param subject the subject as RFC 2253 writes it, e.g. {@code CN=vpn1.example.org,O=Example}
     * @param subjectAltNames {@code DNS:<name>} or {@code IP:<address>} entries
     */
    public Issued issue(String subject, List<String> subjectAltNames, boolean server) {
        KeyPair pair = keyPair(random);
        try {
            X509v3CertificateBuilder builder = builder(
                            X500Name.getInstance(
                                    certificate.getSubjectX500Principal().getEncoded()),
                            name(subject),
                            pair,
                            random)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage,
                            false,
                            new ExtendedKeyUsage(
                                    server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (!subjectAltNames.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String name : subjectAltNames) {
                    if (name.startsWith("DNS:")) {
                        names.add(new GeneralName(GeneralName.dNSName, name.substring(4)));
                    } else if (name.startsWith("IP:")) {
                        names.add(new GeneralName(GeneralName.iPAddress, name.substring(3)));
                    } else {
                        throw new IllegalArgumentException("subjectAltName must start with DNS: or IP:");
                    }
                }
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate issued = sign(builder, key);
            return new Issued(issued, pem(issued), pem(pair.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return pem(certificate);
    }

    /** The CA's private key as unencrypted PKCS#8 PEM: a secret. */
    public String privateKeyPem() {
        return pem(key);
    }

    /**
     * A distinguished name read as RFC 2253 writes it (most specific first, as Java's X500Principal
     * and {@code openssl x509 -nameopt RFC2253} print it).
     */
    private static X500Name name(String subject) {
        return X500Name.getInstance(new X500Principal(subject).getEncoded());
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, KeyPair pair, SecureRandom random) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                pair.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("a certificate could not be signed", e);
        }
    }

    private static KeyPair keyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 keys are not available", e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String pem(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
