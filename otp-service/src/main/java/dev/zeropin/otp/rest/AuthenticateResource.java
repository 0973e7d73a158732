package dev.zeropin.otp.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zeropin.mpin.InvalidPointException;
import dev.zeropin.mpin.Wire;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.otp.service.AuthenticationProblems;
import dev.zeropin.otp.service.AuthenticationService;
import dev.zeropin.otp.service.IdentityAssertions;
import dev.zeropin.support.concurrent.RateLimiter;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public two-pass PIN proof that devices run to obtain an OTP. */
@Path("/api/v1/authenticate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthenticateResource {

    private final AuthenticationService authentication;
    private final RateLimiter pass1Limiter;
    private final RateLimiter pass2Limiter;

    public AuthenticateResource(AuthenticationService authentication, OtpConfig config, Clock clock) {
        this.authentication = authentication;
        this.pass1Limiter = new RateLimiter(
                config.authentication().pass1PerMinutePerAddress(), Duration.ofMinutes(1), 100_000, clock);
        this.pass2Limiter = new RateLimiter(
                config.authentication().pass2PerMinutePerAddress(), Duration.ofMinutes(1), 100_000, clock);
    }

    /** Pass 1 of the proof. */
    public record Pass1Request(String mpinId, String u) {}

    /** The challenge. */
    public record Pass1Response(String sessionId, String y, long expiresIn) {}

    /**
     * Pass 2 of the proof. Without {@code purpose} (or {@code login}) it yields an OTP; with
     * {@code manage} or {@code admin-login} an identity assertion for registration-service.
     */
    public record Pass2Request(String sessionId, String v, String purpose) {}

    /** The OTP, to be typed as the VPN password before it expires, or an assertion. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pass2Response(String otp, String expiresAt, long ttlSeconds, String assertion) {}

    @POST
    @Path("pass1")
    @Operation(
            summary = "Pass 1: commitment U = x·H(id)",
            description = "Answers every well-formed request alike, whether the identity exists or not.")
    public Uni<Pass1Response> pass1(Pass1Request request, @Context HttpServerRequest http) {
        String source = sourceAddress(http);
        limit(pass1Limiter, source);
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.mpinId() != null, "mpinId", "is required");
        errors.check(request != null && request.u() != null, "u", "is required");
        errors.throwIfAny();
        byte[] u = decode(request.u(), "u");
        return authentication
                .beginAuthentication(request.mpinId(), u, source)
                .map(challenge -> new Pass1Response(
                        challenge.sessionId().toString(), Wire.encode(challenge.y()), challenge.expiresInSeconds()));
    }

    @POST
    @Path("pass2")
    @Operation(
            summary = "Pass 2: proof V = −(x+y)·(T + PIN·H(id))",
            description = "On success an OTP; 401 authentication_failed with attemptsLeft; 403 identity_revoked.")
    public Uni<Response> pass2(Pass2Request request, @Context HttpServerRequest http) {
        String source = sourceAddress(http);
        limit(pass2Limiter, source);
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.sessionId() != null, "sessionId", "is required");
        errors.check(request != null && request.v() != null, "v", "is required");
        errors.throwIfAny();
        Optional<IdentityAssertions.Purpose> purpose = IdentityAssertions.Purpose.parse(request.purpose());
        errors.check(
                request.purpose() == null || "login".equals(request.purpose()) || purpose.isPresent(),
                "purpose",
                "must be login, manage or admin-login");
        errors.throwIfAny();
        UUID sessionId = parseSessionId(request.sessionId());
        byte[] v = decode(request.v(), "v");
        return authentication
                .completeAuthentication(sessionId, v, source, purpose)
                .map(issued -> Response.ok(new Pass2Response(
                                issued.otp(), issued.expiresAt().toString(), issued.ttlSeconds(), issued.assertion()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    static String sourceAddress(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    private static void limit(RateLimiter limiter, String source) {
        OptionalLong wait = limiter.tryAcquire(source);
        if (wait.isPresent()) {
            throw ProblemException.tooManyRequests(
                    "too_many_requests", "Too many attempts from your address; wait and retry.", wait.getAsLong());
        }
    }

    private static UUID parseSessionId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw AuthenticationProblems.sessionInvalid();
        }
    }

    private static byte[] decode(String text, String field) {
        try {
            return Wire.decode(text);
        } catch (InvalidPointException e) {
            throw AuthenticationProblems.invalidField("invalid_point", field, "base64url without padding");
        }
    }
}
