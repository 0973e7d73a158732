package dev.zeropin.otp.service;

import dev.zeropin.events.AuthEvents.AuthenticationSucceeded;
import dev.zeropin.events.AuthEvents.IdentityBlocked;
import dev.zeropin.events.AuthEvents.PinFailed;
import dev.zeropin.mpin.Curve;
import dev.zeropin.mpin.InvalidPointException;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.otp.AuthSession;
import dev.zeropin.otp.IdentityState;
import dev.zeropin.otp.ProjectCopy;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.otp.repository.AuthSessionRepository;
import dev.zeropin.otp.repository.IdentityStateRepository;
import dev.zeropin.otp.repository.ProjectCopyRepository;
import dev.zeropin.outbox.OutboxWriter;
import dev.zeropin.support.concurrent.Offload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The server side of the two-pass M-Pin proof. Pass 1 answers every well-formed request the same
 * way, whether the identity exists, is revoked or not. Pass 2 counts the attempt against the
 * identity (committed) before the pairing check, so that concurrent guesses cannot exceed the
 * limit; a success resets the count and mints an OTP.
 */
@ApplicationScoped
public class AuthenticationService {

    /** At most this long between pass 1 and pass 2, whatever the configuration says. */
    static final Duration MAX_SESSION_LIFETIME = Duration.ofSeconds(60);

    private final AuthSessionRepository sessions;
    private final IdentityStateRepository identities;
    private final ProjectCopyRepository projects;
    private final OtpService otps;
    private final OutboxWriter outbox;
    private final OtpKeys keys;
    private final IdentityAssertions assertions;
    private final OtpConfig config;
    private final SecureRandom random;
    private final Clock clock;
    private final Counter pairingChecks;

    public AuthenticationService(
            AuthSessionRepository sessions,
            IdentityStateRepository identities,
            ProjectCopyRepository projects,
            OtpService otps,
            OutboxWriter outbox,
            OtpKeys keys,
            IdentityAssertions assertions,
            OtpConfig config,
            SecureRandom random,
            Clock clock,
            MeterRegistry registry) {
        this.sessions = sessions;
        this.identities = identities;
        this.projects = projects;
        this.otps = otps;
        this.outbox = outbox;
        this.keys = keys;
        this.assertions = assertions;
        this.config = config;
        this.random = random;
        this.clock = clock;
        this.pairingChecks = registry.counter("zeropin.mpin.pairing.checks");
    }

    /** The answer to pass 1. */
    public record Challenge(UUID sessionId, byte[] y, long expiresInSeconds) {}

    /**
     * The answer to a successful pass 2: an OTP (expiring), or an identity assertion when the proof
     * was asked for another purpose than logging in.
     */
    public record IssuedOtp(String otp, Instant expiresAt, long ttlSeconds, String assertion) {}

    /**
     * Pass 1: checks {@code U} (on the curve, in the subgroup) off the event loop, draws the
     * challenge {@code y}, and stores a single-use session.
     */
    public Uni<Challenge> beginAuthentication(String mpinIdHex, byte[] u, String sourceAddress) {
        MpinId id = parseMpinId(mpinIdHex);
        return Offload.compute(() -> {
                    checkPoint(u, "u");
                    return Curve.randomScalar(random);
                })
                .chain(y -> storeSession(id, u, y, sourceAddress));
    }

    @WithTransaction
    Uni<Challenge> storeSession(MpinId id, byte[] u, byte[] y, String sourceAddress) {
        Instant now = clock.instant();
        Duration lifetime = sessionLifetime();
        AuthSession session = new AuthSession();
        session.id = UUID.randomUUID();
        session.mpinId = id.hex();
        session.u = u;
        session.y = y;
        session.sourceAddress = sourceAddress;
        session.createdAt = now;
        session.expiresAt = now.plus(lifetime);
        return sessions.persist(session).map(stored -> new Challenge(stored.id, stored.y, lifetime.toSeconds()));
    }

    /**
     * Pass 2: consumes the session and counts the attempt (one transaction), checks the proof off
     * the event loop, then records the outcome (a second transaction).
     */
    public Uni<IssuedOtp> completeAuthentication(
            UUID sessionId, byte[] v, String sourceAddress, Optional<IdentityAssertions.Purpose> purpose) {
        return Offload.compute(() -> {
                    checkPoint(v, "v");
                    return v;
                })
                .chain(() -> beginCheck(sessionId))
                .chain(attempt -> Offload.compute(() -> {
                            pairingChecks.increment();
                            return keys.serverSecret()
                                    .verify(Curve.hashToPoint(attempt.id().raw()), attempt.u(), attempt.y(), v);
                        })
                        .chain(valid ->
                                valid ? succeed(attempt, sourceAddress, purpose) : fail(attempt, sourceAddress)))
                .map(AuthenticationService::issuedOrThrow);
    }

    /** What pass 2 ends with; failures are committed first, then turned into problems. */
    sealed interface Outcome permits Issued, WrongPin, Revoked {}

    record Issued(IssuedOtp otp) implements Outcome {}

    record WrongPin(int attemptsLeft) implements Outcome {}

    record Revoked(String reason) implements Outcome {}

    private static IssuedOtp issuedOrThrow(Outcome outcome) {
        if (outcome instanceof Issued issued) {
            return issued.otp();
        }
        if (outcome instanceof WrongPin wrong) {
            throw AuthenticationProblems.authenticationFailed(wrong.attemptsLeft());
        }
        throw AuthenticationProblems.identityRevoked(((Revoked) outcome).reason());
    }

    /** What pass 2 learned from the session before the pairing check. */
    record Attempt(MpinId id, byte[] u, byte[] y, ProjectCopy project) {}

    @WithTransaction
    Uni<Attempt> beginCheck(UUID sessionId) {
        Instant now = clock.instant();
        return sessions.findForUpdate(sessionId).chain(session -> {
            if (session == null || session.usedAt != null || !session.expiresAt.isAfter(now)) {
                return Uni.createFrom().failure(AuthenticationProblems.sessionInvalid());
            }
            session.usedAt = now;
            MpinId id = MpinId.parse(session.mpinId);
            return projects.findById(id.clientId()).chain(project -> {
                if (project == null || !project.enabled) {
                    return Uni.createFrom().failure(AuthenticationProblems.projectDisabled());
                }
                return identities.lockState(id, now).chain(state -> {
                    if (state.isRevoked() || state.failures >= maxFailures()) {
                        return Uni.createFrom().failure(AuthenticationProblems.identityRevoked(reasonOf(state)));
                    }
                    state.failures++;
                    state.updatedAt = now;
                    return Uni.createFrom().item(new Attempt(id, session.u, session.y, project));
                });
            });
        });
    }

    @WithTransaction
    Uni<Outcome> succeed(Attempt attempt, String sourceAddress, Optional<IdentityAssertions.Purpose> purpose) {
        Instant now = clock.instant();
        return identities.lockState(attempt.id(), now).chain(state -> {
            if (state.isRevoked()) {
                return Uni.createFrom().item(new Revoked(reasonOf(state)));
            }
            state.failures = 0;
            state.updatedAt = now;
            MpinId id = attempt.id();
            Uni<?> succeeded =
                    outbox.stage(new AuthenticationSucceeded(id.hex(), id.clientId(), id.userId(), sourceAddress));
            if (purpose.isPresent()) {
                Instant expires = now.plus(IdentityAssertions.LIFETIME);
                return succeeded.replaceWith(new Issued(new IssuedOtp(
                        null,
                        expires,
                        IdentityAssertions.LIFETIME.toSeconds(),
                        assertions.sign(id, purpose.get(), now))));
            }
            return succeeded
                    .chain(() -> otps.mintOtp(id, attempt.project(), now))
                    .map(minted -> new Issued(new IssuedOtp(
                            minted.otp(),
                            minted.expiresAt(),
                            Duration.between(now, minted.expiresAt()).toSeconds(),
                            null)));
        });
    }

    @WithTransaction
    Uni<Outcome> fail(Attempt attempt, String sourceAddress) {
        Instant now = clock.instant();
        MpinId id = attempt.id();
        return identities.lockState(id, now).chain(state -> {
            int attemptsLeft = Math.max(0, maxFailures() - state.failures);
            Uni<?> staged =
                    outbox.stage(new PinFailed(id.hex(), id.clientId(), id.userId(), attemptsLeft, sourceAddress));
            if (state.isRevoked()) {
                return staged.replaceWith(new Revoked(reasonOf(state)));
            }
            if (attemptsLeft > 0) {
                return staged.replaceWith(new WrongPin(attemptsLeft));
            }
            state.revokedAt = now;
            state.revokedReason = "too_many_failures";
            state.updatedAt = now;
            Log.infof("identity of %s in %s blocked after %d wrong PINs", id.userId(), id.clientId(), state.failures);
            return staged.chain(() -> outbox.stage(new IdentityBlocked(id.hex(), id.clientId(), id.userId())))
                    .replaceWith(new Revoked(state.revokedReason));
        });
    }

    private static String reasonOf(IdentityState state) {
        return state.revokedReason != null ? state.revokedReason : "too_many_failures";
    }

    private int maxFailures() {
        return config.authentication().maxPinFailures();
    }

    private Duration sessionLifetime() {
        Duration configured = config.authentication().sessionLifetime();
        return configured.compareTo(MAX_SESSION_LIFETIME) > 0 ? MAX_SESSION_LIFETIME : configured;
    }

    private static MpinId parseMpinId(String hex) {
        try {
            return MpinId.parse(hex);
        } catch (IllegalArgumentException e) {
            throw AuthenticationProblems.invalidField("invalid_mpin_id", "mpinId", "an M-Pin id");
        }
    }

    private static void checkPoint(byte[] point, String field) {
        try {
            Curve.decodeG1(point);
        } catch (InvalidPointException e) {
            throw AuthenticationProblems.invalidField("invalid_point", field, "a point of G1 (" + e.getMessage() + ")");
        }
    }
}
