package dev.zeropin.gateway.client;

import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.support.keys.KeyFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The gateway's service token for otp-service: an ES256 JWT (iss {@value #ISSUER}, aud
 * {@value #AUDIENCE}, groups {@value #GROUP}) signed with the gateway's key. One token is reused
 * until a third of its lifetime is left, so that a request costs no signature.
 */
@ApplicationScoped
public class ServiceTokens {

    public static final String ISSUER = "zeropin-radius-gateway";
    public static final String AUDIENCE = "zeropin-otp-internal";
    public static final String GROUP = "otp-verifier";

    private record Token(String value, Instant renewAfter) {}

    private final EllipticCurveJsonWebKey key;
    private final Duration lifetime;
    private final Clock clock;
    private volatile Token current;

    @Inject
    public ServiceTokens(GatewayConfig config) {
        this(
                loadKey(config.keys()
                        .serviceSigningKey()
                        .orElseThrow(() -> new IllegalStateException(
                                "gateway.keys.service-signing-key (ZEROPIN_GATEWAY_SIGNING_KEY) is required"))),
                config.otp().tokenLifetime(),
                Clock.systemUTC());
    }

    ServiceTokens(EllipticCurveJsonWebKey key, Duration lifetime, Clock clock) {
        this.key = key;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Reads the private EC JWK of {@code file}; also the root of the EAP State key. */
    public static EllipticCurveJsonWebKey loadKey(Path file) {
        return KeyFiles.privateEcJwk(file, "gateway.keys.service-signing-key");
    }

    /** A valid token, signed anew only when the cached one is old. */
    public String token() {
        Instant now = clock.instant();
        Token token = current;
        if (token == null || now.isAfter(token.renewAfter())) {
            token = sign(now);
            current = token;
        }
        return token.value();
    }

    private Token sign(Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject("radius-gateway");
        claims.setStringListClaim("groups", GROUP);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now.plus(lifetime).toEpochMilli()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getEcPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return new Token(
                    jws.getCompactSerialization(),
                    now.plus(lifetime.multipliedBy(2).dividedBy(3)));
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a service token", e);
        }
    }
}
