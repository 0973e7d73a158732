package dev.zeropin.registration.service;

import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Activation tokens: short-lived ES256 JWTs that registration-service signs after an e-mail
 * verification and accepts once in exchange for a client secret. Single use is enforced in the
 * database by the token id, not by the token.
 */
@Singleton
public class ActivationTokens {

    static final String ISSUER = "zeropin-registration";
    static final String AUDIENCE = "zeropin-activation";

    private final RegistrationKeys keys;
    private final JwtConsumer consumer;

    public ActivationTokens(RegistrationKeys keys) {
        this.keys = keys;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setVerificationKey(keys.activationPublicKey())
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
    }

    /** What a valid activation token says. */
    public record Claims(UUID tokenId, UUID registrationId, String clientId, String userId) {}

    /** Signs a token for a verified registration. */
    public String sign(
            UUID tokenId, UUID registrationId, String clientId, String userId, Instant now, Duration lifetime) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId)
                .claim("jti", tokenId.toString())
                .claim("clientId", clientId)
                .claim("registrationId", registrationId.toString())
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .jws()
                .keyId(keys.activationKeyId())
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256)
                .sign(keys.activationKey());
    }

    /** The claims of a token with a valid signature, issuer, audience and lifetime; empty otherwise. */
    public Optional<Claims> verify(String token) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return Optional.of(new Claims(
                    UUID.fromString(claims.getJwtId()),
                    UUID.fromString(claims.getStringClaimValue("registrationId")),
                    claims.getStringClaimValue("clientId"),
                    claims.getSubject()));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
