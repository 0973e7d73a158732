package dev.zeropin.infra.keys;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * An ES256 (P-256) key pair with a key id, as a JWK: the private half signs tokens, the public half
 * goes into a JWKS that verifiers load. Key ids make rotation possible: a verifier's JWKS may hold
 * the old and the new key while tokens of both are in circulation.
 */
public final class SigningKey {

    private final EllipticCurveJsonWebKey jwk;

    private SigningKey(EllipticCurveJsonWebKey jwk) {
        this.jwk = jwk;
    }

    /** A new random key whose id starts with {@code purpose}. */
    public static SigningKey generate(String purpose) {
        try {
            EllipticCurveJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
            byte[] suffix = new byte[4];
            new SecureRandom().nextBytes(suffix);
            jwk.setKeyId(purpose + "-" + HexFormat.of().formatHex(suffix));
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            jwk.setUse("sig");
            return new SigningKey(jwk);
        } catch (JoseException e) {
            throw new IllegalStateException("could not generate an EC key", e);
        }
    }

    /** Reads a key from its private JWK JSON. */
    public static SigningKey fromPrivateJwk(String json) {
        try {
            JsonWebKey key = JsonWebKey.Factory.newJwk(json);
            if (!(key instanceof EllipticCurveJsonWebKey ec) || ec.getEcPrivateKey() == null) {
                throw new IllegalArgumentException("not a private EC JWK");
            }
            return new SigningKey(ec);
        } catch (JoseException e) {
            throw new IllegalArgumentException("not a JWK", e);
        }
    }

    public String keyId() {
        return jwk.getKeyId();
    }

    /** The private JWK (secret: file mode 0600, never logged). */
    public String privateJwkJson() {
        return jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    /** A JWKS with the public halves of this key and of {@code others} (e.g. during rotation). */
    public String publicJwksJson(SigningKey... others) {
        JsonWebKeySet set = new JsonWebKeySet(jwk);
        for (SigningKey other : others) {
            set.addJsonWebKey(other.jwk);
        }
        return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /**
     * Signs a JWT.
     *
     * @param issuer {@code iss}
     * @param audience {@code aud}
     * @param subject {@code sub}
     * @param groups {@code groups} (roles)
     * @param lifetime time until {@code exp}
     * @param extraClaims more claims, e.g. a project scope
     */
    public String signJwt(
            String issuer,
            String audience,
            String subject,
            List<String> groups,
            Duration lifetime,
            Map<String, Object> extraClaims) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAt(NumericDate.fromMilliseconds(Instant.now().toEpochMilli()));
        claims.setExpirationTime(
                NumericDate.fromMilliseconds(Instant.now().plus(lifetime).toEpochMilli()));
        claims.setJwtId(UUID.randomUUID().toString());
        extraClaims.forEach(claims::setClaim);
        return sign(claims);
    }

    /** Signs arbitrary claims (tests use it for expired or malformed tokens). */
    public String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(jwk.getEcPrivateKey());
        jws.setKeyIdHeaderValue(jwk.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }
}
