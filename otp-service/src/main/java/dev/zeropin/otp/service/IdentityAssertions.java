package dev.zeropin.otp.service;

import dev.zeropin.mpin.MpinId;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Identity assertions: after a successful PIN proof, instead of an OTP, a short-lived ES256 JWT
 * that says "the holder of this identity proved its PIN just now, for this purpose". registration-
 * service accepts it, once, to let a device delete its identity, read its usage history, or an
 * administrator sign in to the console.
 */
@Singleton
public class IdentityAssertions {

    /** Issuer of assertions. */
    public static final String ISSUER = "zeropin-otp";

    /** The only audience: registration-service. */
    public static final String AUDIENCE = "zeropin-registration";

    /** How long an assertion may wait before registration-service receives it. */
    public static final Duration LIFETIME = Duration.ofMinutes(2);

    /** What an assertion may be used for. */
    public enum Purpose {
        /** The device manages its identity: delete it, read its history. */
        MANAGE,
        /** An administrator signs in to the console. */
        ADMIN_LOGIN;

        /** The purpose named by a request, or empty. */
        public static java.util.Optional<Purpose> parse(String value) {
            if (value == null) {
                return java.util.Optional.empty();
            }
            for (Purpose purpose : values()) {
                if (purpose.claim().equals(value)) {
                    return java.util.Optional.of(purpose);
                }
            }
            return java.util.Optional.empty();
        }

        /** The value in the {@code purpose} claim and in requests. */
        public String claim() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final OtpKeys keys;

    public IdentityAssertions(OtpKeys keys) {
        this.keys = keys;
    }

    /** Signs an assertion for an identity that has just proven its PIN. */
    public String sign(MpinId id, Purpose purpose, Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(id.hex());
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now.plus(LIFETIME).toEpochMilli()));
        claims.setClaim("clientId", id.clientId());
        claims.setClaim("userId", id.userId());
        claims.setClaim("purpose", purpose.claim());
        claims.setStringListClaim("amr", "mpin");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.assertionKey().getEcPrivateKey());
        jws.setKeyIdHeaderValue(keys.assertionKey().getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("assertion could not be signed", e);
        }
    }
}
