package dev.zeropin.otp.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each distinct bearer token once. The gateway reuses its service token for minutes, and
 * checking its ES256 signature anew on every RADIUS request took half of otp-service's CPU on that
 * path (docs/benchmarks.md). A token that passed every check of the configured parser (signature,
 * issuer, audience, time) is remembered until its {@code exp}, keyed by its SHA-256, so that only
 * the byte-identical token is served from here; a failed check is never remembered. At most
 * {@link #MAX_ENTRIES} tokens are kept.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    static final int MAX_ENTRIES = 1024;

    private record Verified(JsonWebToken token, Instant expiresAt) {}

    private final JWTParser delegate;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    public VerifiedTokenCache(DefaultJWTParser delegate) {
        this(delegate, Clock.systemUTC());
    }

    VerifiedTokenCache(JWTParser delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        String key = digest(token);
        Instant now = clock.instant();
        Verified known = verified.get(key);
        if (known != null) {
            if (now.isBefore(known.expiresAt())) {
                return known.token();
            }
            verified.remove(key, known);
        }
        JsonWebToken parsed = delegate.parse(token);
        Instant expiresAt = Instant.ofEpochSecond(parsed.getExpirationTime());
        if (now.isBefore(expiresAt)) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();
                }
            }
            verified.put(key, new Verified(parsed, expiresAt));
        }
        return parsed;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }

    int size() {
        return verified.size();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
