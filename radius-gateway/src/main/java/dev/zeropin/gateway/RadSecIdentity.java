package dev.zeropin.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * How a RadSec client (RFC 6614) is recognised by its certificate, once the certificate chains to
 * the configured CA: its subject equals {@code subject}, or one of its subjectAltNames is listed in
 * {@code subjectAltNames}.
 *
 * @param subject the certificate subject as an RFC 2253 distinguished name, or null
 * @param subjectAltNames names as {@code DNS:<name>}, {@code IP:<address>}, {@code URI:<uri>} or
 *     {@code email:<address>}
 */
public record RadSecIdentity(X500Principal subject, List<String> subjectAltNames) {

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final int SAN_IP = 7;

    public RadSecIdentity {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /**
     * Checks and normalises what a clients file declares.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RadSecIdentity of(String subject, List<String> subjectAltNames) {
        X500Principal principal = null;
        if (subject != null && !subject.isBlank()) {
            try {
                principal = new X500Principal(subject);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("subject is not a distinguished name (e.g. CN=vpn1,O=Example)");
            }
        }
        List<String> names = subjectAltNames == null
                ? List.of()
                : subjectAltNames.stream().map(RadSecIdentity::normalise).toList();
        if (principal == null && names.isEmpty()) {
            throw new IllegalArgumentException("radsec needs a subject or at least one subjectAltName");
        }
        return new RadSecIdentity(principal, names);
    }

    /** True when {@code certificate} (already validated against the CA) is this client's. */
    public boolean matches(X509Certificate certificate) {
        if (subject != null && subject.equals(certificate.getSubjectX500Principal())) {
            return true;
        }
        if (subjectAltNames.isEmpty()) {
            return false;
        }
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        for (List<?> name : names) {
            Optional<String> text = text(name);
            if (text.isPresent() && subjectAltNames.contains(text.get())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> text(List<?> name) {
        if (name.size() < 2 || !(name.get(0) instanceof Integer type) || !(name.get(1) instanceof String value)) {
            return Optional.empty();
        }
        String prefix = switch (type) {
            case SAN_DNS -> "DNS:";
            case SAN_IP -> "IP:";
            case SAN_URI -> "URI:";
            case SAN_EMAIL -> "email:";
            default -> null;
        };
        if (prefix == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(normalise(prefix + value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code DNS:} and {@code email:} compare without case, {@code IP:} by address, {@code URI:} exactly. */
    private static String normalise(String declared) {
        int colon = declared == null ? -1 : declared.indexOf(':');
        if (colon <= 0 || colon == declared.length() - 1) {
            throw new IllegalArgumentException(
                    "subjectAltNames must look like DNS:<name>, IP:<address>, URI:<uri> or email:<address>");
        }
        String kind = declared.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = declared.substring(colon + 1);
        return switch (kind) {
            case "dns" -> "DNS:" + value.toLowerCase(Locale.ROOT);
            case "email" -> "email:" + value.toLowerCase(Locale.ROOT);
            case "uri" -> "URI:" + value;
            case "ip" -> "IP:" + address(value);
            default ->
                throw new IllegalArgumentException(
                        "subjectAltNames must look like DNS:<name>, IP:<address>, URI:<uri> or email:<address>");
        };
    }

    private static String address(String value) {
        // Only literal addresses: a name here would be resolved, which a clients file must never cause.
        if (!value.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("IP: needs a literal address");
        }
        try {
            return InetAddress.getByName(value).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("IP: needs a literal address");
        }
    }

    @Override
    public String toString() {
        return "RadSecIdentity[" + (subject == null ? "" : subject.getName()) + " " + subjectAltNames + "]";
    }
}
