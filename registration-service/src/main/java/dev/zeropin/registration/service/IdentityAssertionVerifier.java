package dev.zeropin.registration.service;

import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.support.keys.KeyFiles;
import dev.zeropin.support.problem.Problem;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Checks identity assertions: short-lived JWTs that otp-service signs after a successful PIN
 * proof. Each is accepted once (its id is recorded), for the purpose it names, and only for the
 * identity it names. This is how a device proves it may delete its identity or read its history,
 * without any password.
 */
@Singleton
public class IdentityAssertionVerifier {

    private static final String RECORD = "INSERT INTO used_assertion (jti, used_at, expires_at) VALUES (?1, ?2, ?3)"
            + " ON CONFLICT (jti) DO NOTHING";

    private final JwtConsumer consumer;
    private final Clock clock;

    public IdentityAssertionVerifier(RegistrationConfig config, Clock clock) {
        this.clock = clock;
        JsonWebKeySet jwks = KeyFiles.jwkSet(
                config.keys().assertionVerificationJwks(), "registration.keys.assertion-verification-jwks");
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .setExpectedIssuer("zeropin-otp")
                .setExpectedAudience("zeropin-registration")
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
    }

    /** What a valid assertion says. */
    public record Assertion(UUID id, String mpinId, String clientId, String userId, Instant expiresAt) {}

    /**
     * Checks an assertion for a purpose and records it as used, inside the caller's transaction.
     *
     * @param authorization the {@code Authorization} header ({@code Bearer <assertion>})
     * @param purpose {@code manage} or {@code admin-login}
     * @throws ProblemException 401 {@code invalid_assertion} when it is missing, forged, expired,
     *     used, or for another purpose
     */
    public Uni<Assertion> consume(String authorization, String purpose) {
        Assertion assertion;
        try {
            assertion = parse(authorization, purpose);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD)
                        .setParameter(1, assertion.id())
                        .setParameter(2, clock.instant())
                        .setParameter(3, assertion.expiresAt())
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? Uni.createFrom().item(assertion)
                        : Uni.createFrom().failure(invalid()));
    }

    private Assertion parse(String authorization, String purpose) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() > 4096) {
            throw invalid();
        }
        try {
            JwtClaims claims =
                    consumer.processToClaims(authorization.substring(7).strip());
            if (!purpose.equals(claims.getClaimValueAsString("purpose"))) {
                throw invalid();
            }
            return new Assertion(
                    UUID.fromString(claims.getJwtId()),
                    claims.getSubject(),
                    claims.getClaimValueAsString("clientId"),
                    claims.getClaimValueAsString("userId"),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    static ProblemException invalid() {
        return new ProblemException(Problem.of(401, "invalid_assertion", "Unauthorized")
                .withDetail("Prove your PIN again: the proof is missing, expired, used or for something else."));
    }
}
