package dev.zeropin.registration.web;

import dev.zeropin.registration.config.RegistrationConfig;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What the pages may load and run. Scripts come only from this service; the one inline element, the
 * import map that names where the browser's M-Pin libraries are, is allowed by its hash. Pages
 * talk to this service and to otp-service, and cannot be framed.
 */
@Singleton
public class BrowserPolicy {

    /** The import map of the pages; its exact text is hashed into the Content-Security-Policy. */
    public static final String IMPORT_MAP = "{\"imports\":{\"@noble/curves/\":\"/vendor/noble-curves/\","
            + "\"@noble/hashes/\":\"/vendor/noble-hashes/\"}}";

    private final String contentSecurityPolicy;

    public BrowserPolicy(RegistrationConfig config) {
        URI otp = config.otpServiceUrl();
        String otpOrigin = otp.getScheme() + "://" + otp.getAuthority();
        this.contentSecurityPolicy = "default-src 'none'; script-src 'self' '" + hash(IMPORT_MAP) + "';"
                + " style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' " + otpOrigin + ";"
                + " manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none';"
                + " base-uri 'none'";
    }

    /** The Content-Security-Policy header value of every page. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    static String hash(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
