package dev.zeropin.support.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Reads the services' key files (Kubernetes Secrets mounted as files, or {@code .zeropin/secrets}
 * in the local mode) at start-up. A missing or malformed file stops the start with a message that
 * names the setting and the file, never what the file holds.
 */
public final class KeyFiles {

    private KeyFiles() {}

    /** The file's text, without surrounding white space (a trailing newline is normal). */
    public static String text(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(
                    setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The bytes of a file that holds one base64url value. */
    public static byte[] base64url(Path file, String setting) {
        String text = text(file, setting);
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + file + " is not base64url");
        }
    }

    /** The keys of a file that holds a JWK set (public keys that verify another service's tokens). */
    public static JsonWebKeySet jwkSet(Path file, String setting) {
        try {
            return new JsonWebKeySet(text(file, setting));
        } catch (JoseException e) {
            throw new IllegalStateException(setting + ": " + file + " is not a JWK set");
        }
    }

    /** The private EC key of a file that holds one JWK (the signing keys of the services). */
    public static EllipticCurveJsonWebKey privateEcJwk(Path file, String setting) {
        JsonWebKey jwk;
        try {
            jwk = JsonWebKey.Factory.newJwk(text(file, setting));
        } catch (JoseException e) {
            throw new IllegalStateException(setting + ": " + file + " is not a JWK");
        }
        if (!(jwk instanceof EllipticCurveJsonWebKey ec) || ec.getEcPrivateKey() == null) {
            throw new IllegalStateException(setting + ": " + file + " is not a private EC JWK");
        }
        return ec;
    }
}
