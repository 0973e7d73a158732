package dev.zeropin.otp.service;

import dev.zeropin.events.AuthEvents.AuthenticationSucceeded;
import dev.zeropin.events.AuthEvents.DirectoryCachedAnswerUsed;
import dev.zeropin.events.AuthEvents.DirectoryRefused;
import dev.zeropin.events.AuthEvents.IdentityBlocked;
import dev.zeropin.events.AuthEvents.IdentityLocked;
import dev.zeropin.events.AuthEvents.PinFailed;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.mpin.Curve;
import dev.zeropin.mpin.InvalidPointException;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.mpin.ProofBatch;
import dev.zeropin.otp.IdentityState;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.otp.repository.AttemptRepository;
import dev.zeropin.otp.repository.IdentityStateRepository;
import dev.zeropin.otp.repository.ProjectCopyRepository;
import dev.zeropin.outbox.OutboxWriter;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.milagro.amcl.BLS381.ECP;

/**
 * The server side of the two-pass M-Pin proof. Pass 1 answers every well-formed request the same
 * way, whether the identity exists, is revoked or not (it is only counted against its identity's
 * per-minute limit). Pass 2 consumes the session and counts the attempt against the identity in
 * one committed statement before the pairing check, so that concurrent guesses cannot exceed the
 * limits; the check itself is batched with other proofs by the {@link PairingPool}. A success
 * resets the count and mints an OTP; a run of wrong PINs locks the identity for a while, then
 * revokes it (docs/protocol.md, "Lockout").
 *
 * <p>Identities are learnt from {@code identity.registered} events. A proof for an mpinId that is
 * not known (yet) is counted in a small budget of its own and creates no identity row unless it
 * succeeds: only a client secret issued with the master secret can pass, so a success proves that
 * the identity is real.
 */
@ApplicationScoped
public class AuthenticationService {

    /** At most this long between pass 1 and pass 2, whatever the configuration says. */
    static final Duration MAX_SESSION_LIFETIME = Duration.ofSeconds(60);

    private final AttemptRepository attempts;
    private final IdentityStateRepository identities;
    private final ProjectCopyRepository projects;
    private final OtpService otps;
    private final OutboxWriter outbox;
    private final IdentityAssertions assertions;
    private final PairingPool pairing;
    private final DirectoryStatusCache directoryStatus;
    private final OtpConfig config;
    private final SecureRandom random;
    private final Clock clock;
    private final AttemptRepository.Rules rules;

    public AuthenticationService(
            AttemptRepository attempts,
            IdentityStateRepository identities,
            ProjectCopyRepository projects,
            OtpService otps,
            OutboxWriter outbox,
            IdentityAssertions assertions,
            PairingPool pairing,
            DirectoryStatusCache directoryStatus,
            OtpConfig config,
            SecureRandom random,
            Clock clock) {
        this.attempts = attempts;
        this.identities = identities;
        this.projects = projects;
        this.otps = otps;
        this.outbox = outbox;
        this.assertions = assertions;
        this.pairing = pairing;
        this.directoryStatus = directoryStatus;
        this.config = config;
        this.random = random;
        this.clock = clock;
        this.rules = rulesOf(config.authentication());
    }

    /** The lock rules as the attempt statement applies them. */
    static AttemptRepository.Rules rulesOf(OtpConfig.Authentication settings) {
        int perLock = Math.max(1, settings.pinFailuresPerLock());
        int max = Math.max(1, settings.maxPinFailures());
        long[] locks = new long[Math.max(1, (max - 1) / perLock)];
        long seconds = settings.firstLock().toSeconds();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = Math.min(seconds, settings.maxLock().toSeconds());
            seconds = seconds > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : seconds * 4;
        }
        return new AttemptRepository.Rules(
                perLock, max, locks, settings.unconfirmedIdentityWindow().toSeconds());
    }

    /** The answer to pass 1. */
    public record Challenge(UUID sessionId, byte[] y, long expiresInSeconds) {}

    /**
     * The answer to a successful pass 2: an OTP (expiring), or an identity assertion when the proof
     * was asked for another purpose than logging in.
     */
    public record IssuedOtp(String otp, Instant expiresAt, long ttlSeconds, String assertion) {}

    /**
     * Pass 1: checks {@code U} (on the curve, in the subgroup) on the pairing pool, draws the
     * challenge {@code y}, and stores a single-use session (one statement).
     */
    public Uni<Challenge> beginAuthentication(String mpinIdHex, byte[] u, String sourceAddress) {
        MpinId id = parseMpinId(mpinIdHex);
        return pairing.compute(() -> {
                    checkPoint(u, "u");
                    return Curve.randomScalar(random);
                })
                .chain(y -> {
                    Instant now = clock.instant();
                    Duration lifetime = sessionLifetime();
                    UUID sessionId = UUID.randomUUID();
                    return attempts.storeSession(
                                    sessionId,
                                    id.hex(),
                                    id.clientId(),
                                    u,
                                    y,
                                    sourceAddress,
                                    now,
                                    now.plus(lifetime),
                                    config.authentication().pass1PerMinutePerIdentity())
                            .map(stored -> {
                                if (!stored) {
                                    throw AuthenticationProblems.tooManyForIdentity(60 - now.getEpochSecond() % 60);
                                }
                                return new Challenge(sessionId, y, lifetime.toSeconds());
                            });
                });
    }

    /**
     * Pass 2: checks {@code V}, consumes the session and counts the attempt (one committed
     * statement), verifies the proof in a batch, then records the outcome.
     */
    public Uni<IssuedOtp> completeAuthentication(
            UUID sessionId, byte[] v, String sourceAddress, Optional<IdentityAssertions.Purpose> purpose) {
        return pairing.compute(() -> checkPoint(v, "v"))
                .chain(point -> attempts.beginAttempt(sessionId, clock.instant(), rules)
                        .chain(begun -> decide(
                                begun.orElseThrow(AuthenticationProblems::sessionInvalid),
                                point,
                                sourceAddress,
                                purpose)))
                .map(this::issuedOrThrow);
    }

    private Uni<Outcome> decide(
            AttemptRepository.Begun begun, ECP v, String sourceAddress, Optional<IdentityAssertions.Purpose> purpose) {
        MpinId id = MpinId.parse(begun.mpinId());
        if (!begun.projectEnabled()) {
            throw AuthenticationProblems.projectDisabled();
        }
        if (begun.known() && begun.attemptFailures() == null) {
            throw refusal(begun, clock.instant());
        }
        if (!begun.known() && begun.unconfirmedAttempts() == null) {
            Instant until = begun.unconfirmedSince() == null
                    ? clock.instant().plusSeconds(1)
                    : begun.unconfirmedSince().plusSeconds(rules.unconfirmedWindowSeconds());
            throw AuthenticationProblems.identityLocked(secondsUntil(until), 0);
        }
        // the identity's point: kept with the identity, or hashed once on the worker (then kept)
        byte[][] hid = {begun.hid()};
        return pairing.verify(() -> {
                    if (hid[0] == null) {
                        hid[0] = Curve.hashToPoint(id.raw());
                    }
                    return new ProofBatch.Proof(ECP.fromBytes(hid[0]), ECP.fromBytes(begun.u()), begun.y(), v);
                })
                .chain(valid -> {
                    if (valid) {
                        return admission(id, purpose)
                                .chain(admitted ->
                                        succeed(id, hid[0], begun.known(), sourceAddress, purpose, admitted));
                    }
                    return begun.known()
                            ? fail(id, begun.attemptFailures(), begun.attemptLock() != null, sourceAddress)
                            : Uni.createFrom().item(unconfirmedFailure(begun));
                });
    }

    /**
     * For an OTP (not an identity assertion) in a project with a company directory: the
     * directory's word on the user, cached for the project's {@code cacheSeconds}
     * ({@link DirectoryStatusCache}); null when there is nothing to ask. Asked only after the PIN
     * proof passed, so that the answer tells nothing to someone without the PIN.
     */
    private Uni<DirectoryStatusCache.Status> admission(MpinId id, Optional<IdentityAssertions.Purpose> purpose) {
        if (purpose.isPresent()) {
            return Uni.createFrom().nullItem();
        }
        return findDirectory(id.clientId())
                .chain(directory -> directory == null
                        ? Uni.createFrom().nullItem()
                        : directoryStatus.statusOf(id.clientId(), id.userId(), directory));
    }

    @WithSession
    Uni<DirectorySettings> findDirectory(String clientId) {
        return projects.findById(clientId).map(project -> project == null ? null : project.directory);
    }

    /** Why a known identity's attempt was not counted. */
    private ProblemException refusal(AttemptRepository.Begun begun, Instant now) {
        if (begun.revokedAt() != null) {
            return AuthenticationProblems.identityRevoked(
                    begun.revokedReason() != null ? begun.revokedReason() : TOO_MANY_FAILURES);
        }
        if (begun.failures() >= rules.maxFailures()) {
            return AuthenticationProblems.identityRevoked(TOO_MANY_FAILURES);
        }
        int left = Math.min(rules.failuresPerLock(), rules.maxFailures() - begun.failures());
        if (begun.lockedUntil() != null && begun.lockedUntil().isAfter(now)) {
            return AuthenticationProblems.identityLocked(secondsUntil(begun.lockedUntil()), left);
        }
        // another attempt changed the identity's state a moment ago and is being decided
        return AuthenticationProblems.identityLocked(1, left);
    }

    private static final String TOO_MANY_FAILURES = "too_many_failures";

    /** What pass 2 ends with; failures are committed first, then turned into problems. */
    sealed interface Outcome permits Issued, WrongPin, Locked, Revoked, NotAdmitted {}

    record Issued(IssuedOtp otp) implements Outcome {}

    record WrongPin(int attemptsLeft) implements Outcome {}

    record Locked(Instant until, int attemptsLeft) implements Outcome {}

    record Revoked(String reason) implements Outcome {}

    /** The PIN was right, but the company directory does not admit the user (any more). */
    record NotAdmitted() implements Outcome {}

    private IssuedOtp issuedOrThrow(Outcome outcome) {
        if (outcome instanceof Issued issued) {
            return issued.otp();
        }
        if (outcome instanceof WrongPin wrong) {
            throw AuthenticationProblems.authenticationFailed(wrong.attemptsLeft());
        }
        if (outcome instanceof Locked locked) {
            throw AuthenticationProblems.identityLocked(secondsUntil(locked.until()), locked.attemptsLeft());
        }
        if (outcome instanceof NotAdmitted) {
            throw AuthenticationProblems.directoryRefused();
        }
        throw AuthenticationProblems.identityRevoked(((Revoked) outcome).reason());
    }

    /**
     * A right PIN: the identity's count is reset and the success recorded. Then an assertion, or an
     * OTP unless the directory ({@code admitted}, null without one) refused the user: that refusal
     * is audited and no OTP is minted.
     */
    @WithTransaction
    Uni<Outcome> succeed(
            MpinId id,
            byte[] hid,
            boolean known,
            String sourceAddress,
            Optional<IdentityAssertions.Purpose> purpose,
            DirectoryStatusCache.Status admitted) {
        Instant now = clock.instant();
        return identities.recordSuccess(id, hid, now).chain(updated -> {
            if (updated == 0) {
                return identities.findById(id.hex()).map(state -> new Revoked(reasonOf(state)));
            }
            Uni<?> forgotten = known ? Uni.createFrom().voidItem() : identities.forgetUnconfirmed(id);
            Uni<?> succeeded = forgotten.chain(() ->
                    outbox.stage(new AuthenticationSucceeded(id.hex(), id.clientId(), id.userId(), sourceAddress)));
            if (purpose.isPresent()) {
                Instant expires = now.plus(IdentityAssertions.LIFETIME);
                return succeeded.replaceWith(new Issued(new IssuedOtp(
                        null,
                        expires,
                        IdentityAssertions.LIFETIME.toSeconds(),
                        assertions.sign(id, purpose.get(), now))));
            }
            if (admitted != null) {
                if (admitted.cachedAnswerUsed()) {
                    succeeded = succeeded.chain(() -> outbox.stage(new DirectoryCachedAnswerUsed(
                            id.clientId(), id.userId(), "otp", admitted.cachedAnswerAgeSeconds(), admitted.reason())));
                }
                if (!admitted.admitted()) {
                    Log.debugf(
                            "directory refused an OTP to %s in %s: %s", id.userId(), id.clientId(), admitted.reason());
                    return succeeded
                            .chain(() -> outbox.stage(
                                    new DirectoryRefused(id.clientId(), id.userId(), "otp", admitted.reason(), null)))
                            .replaceWith(new NotAdmitted());
                }
            }
            return succeeded
                    .chain(() -> projects.findById(id.clientId()))
                    .chain(project -> otps.mintOtp(id, project, now))
                    .map(minted -> new Issued(new IssuedOtp(
                            minted.otp(),
                            minted.expiresAt(),
                            Duration.between(now, minted.expiresAt()).toSeconds(),
                            null)));
        });
    }

    /**
     * A wrong proof of a known identity, already counted: the answer and its events. The attempt
     * that reached the limit revokes; one that reached a multiple of the lock size locked the
     * identity when it was counted, and announces the lock.
     */
    @WithTransaction
    Uni<Outcome> fail(MpinId id, int failures, boolean locking, String sourceAddress) {
        Instant now = clock.instant();
        int max = rules.maxFailures();
        int attemptsLeft =
                Math.max(0, Math.min(rules.failuresPerLock() - failures % rules.failuresPerLock(), max - failures));
        return identities.findById(id.hex(), LockModeType.PESSIMISTIC_WRITE).chain(state -> {
            if (state == null || state.isRevoked()) {
                return outbox.stage(new PinFailed(id.hex(), id.clientId(), id.userId(), 0, sourceAddress))
                        .replaceWith(new Revoked(state == null ? TOO_MANY_FAILURES : reasonOf(state)));
            }
            if (failures >= max) {
                state.revokedAt = now;
                state.revokedReason = TOO_MANY_FAILURES;
                state.updatedAt = now;
                Log.infof("identity of %s in %s blocked after %d wrong PINs", id.userId(), id.clientId(), failures);
                return outbox.stage(new PinFailed(id.hex(), id.clientId(), id.userId(), 0, sourceAddress))
                        .chain(() -> outbox.stage(new IdentityBlocked(id.hex(), id.clientId(), id.userId())))
                        .replaceWith(new Revoked(TOO_MANY_FAILURES));
            }
            if (locking && state.lockedUntil != null && state.lockedUntil.isAfter(now)) {
                int afterLock = Math.min(rules.failuresPerLock(), max - failures);
                Log.infof("identity of %s in %s locked after %d wrong PINs", id.userId(), id.clientId(), failures);
                return outbox.stage(new PinFailed(id.hex(), id.clientId(), id.userId(), 0, sourceAddress))
                        .chain(() -> outbox.stage(new IdentityLocked(
                                id.hex(),
                                id.clientId(),
                                id.userId(),
                                failures,
                                afterLock,
                                state.lockedUntil,
                                sourceAddress)))
                        .replaceWith(new Locked(state.lockedUntil, afterLock));
            }
            int left = locking ? Math.min(rules.failuresPerLock(), max - failures) : attemptsLeft;
            return outbox.stage(new PinFailed(id.hex(), id.clientId(), id.userId(), left, sourceAddress))
                    .replaceWith(new WrongPin(left));
        });
    }

    /**
     * A wrong proof for an mpinId otp-service does not know: answered like a wrong PIN, within the
     * mpinId's own small budget; nothing is stored beyond that count and no event is published.
     */
    private Outcome unconfirmedFailure(AttemptRepository.Begun begun) {
        int left = rules.failuresPerLock() - begun.unconfirmedAttempts();
        if (left > 0) {
            return new WrongPin(left);
        }
        Instant since = begun.unconfirmedSince() != null ? begun.unconfirmedSince() : clock.instant();
        return new Locked(since.plusSeconds(rules.unconfirmedWindowSeconds()), 0);
    }

    private long secondsUntil(Instant until) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String reasonOf(IdentityState state) {
        return state != null && state.revokedReason != null ? state.revokedReason : TOO_MANY_FAILURES;
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

    private static ECP checkPoint(byte[] point, String field) {
        try {
            return Curve.decodeG1(point);
        } catch (InvalidPointException e) {
            throw AuthenticationProblems.invalidField("invalid_point", field, "a point of G1 (" + e.getMessage() + ")");
        }
    }
}
