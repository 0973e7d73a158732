package dev.zeropin.otp.service;

import dev.zeropin.events.AuthEvents.OtpIssued;
import dev.zeropin.events.AuthEvents.OtpRejected;
import dev.zeropin.events.AuthEvents.OtpVerified;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyAnswer.Reason;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.otp.OneTimePassword;
import dev.zeropin.otp.OtpFailure;
import dev.zeropin.otp.ProjectCopy;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.otp.repository.AcceptedVerificationRepository;
import dev.zeropin.otp.repository.OtpFailureRepository;
import dev.zeropin.otp.repository.OtpRepository;
import dev.zeropin.otp.repository.ProjectCopyRepository;
import dev.zeropin.outbox.OutboxWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Mints OTPs after a successful proof and checks the passwords the RADIUS gateway presents.
 *
 * <p>An OTP is drawn from a CSPRNG, stored encrypted, bound to (project, User ID), and consumed by
 * deleting its row: of any number of concurrent verifications, on any number of replicas, exactly
 * one can delete it. Verifications of one user's live OTP are serialised by a row lock on that OTP.
 *
 * <p>Failures are counted only while the user has a live OTP (only then can a guess succeed), per
 * source (the Calling-Station-Id the NAS reports, or else the NAS) and per user over all sources.
 * A source that reaches {@code failures-before-backoff} is backed off, whatever the password, while
 * other sources of the same user go on; the user as a whole is backed off only at the much higher
 * {@code user-failures-before-backoff}. Both counts drain over {@code failure-window}. A request
 * for a user with no live OTP and no failure record writes nothing (docs/security.md).
 *
 * <p>A NAS that lost the Access-Accept asks again with a new RADIUS request. Within {@code
 * retry-window} after an Accept, a PAP-type request with the same OTP, NAS, User ID and session
 * identifiers (Calling-Station-Id required, NAS-Port and NAS-Port-Id as sent) is answered Accept
 * again without consuming anything: the consuming transaction keeps a keyed fingerprint of the
 * accepted request ({@link RetryFingerprint}), which a retry can find only after that transaction
 * committed. Every other request that presents a used OTP is refused as before.
 */
@ApplicationScoped
public class OtpService {

    private static final int[] POWERS_OF_TEN = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private final OtpRepository otps;
    private final AcceptedVerificationRepository accepted;
    private final RetryFingerprint fingerprints;
    private final OtpFailureRepository failures;
    private final ProjectCopyRepository projects;
    private final OtpCipher cipher;
    private final OutboxWriter outbox;
    private final OtpConfig config;
    private final SecureRandom random;
    private final Clock clock;
    private final MeterRegistry registry;

    public OtpService(
            OtpRepository otps,
            AcceptedVerificationRepository accepted,
            RetryFingerprint fingerprints,
            OtpFailureRepository failures,
            ProjectCopyRepository projects,
            OtpCipher cipher,
            OutboxWriter outbox,
            OtpConfig config,
            SecureRandom random,
            Clock clock,
            MeterRegistry registry) {
        this.otps = otps;
        this.accepted = accepted;
        this.fingerprints = fingerprints;
        this.failures = failures;
        this.projects = projects;
        this.cipher = cipher;
        this.outbox = outbox;
        this.config = config;
        this.random = random;
        this.clock = clock;
        this.registry = registry;
    }

    /** A freshly minted OTP; the digits leave only in the answer to the device. */
    public record MintedOtp(String otp, Instant expiresAt) {}

    /**
     * A password presented for a user, and where it came from.
     *
     * @param clientId the project of the NAS
     * @param userId the normalised User ID
     * @param method how the NAS presented the password, for events and metrics
     * @param nas the NAS, its address and the endpoint it reported (may be null)
     */
    public record LoginAttempt(String clientId, String userId, AuthMethod method, NasSession nas) {

        /** The RADIUS client's name, or null. */
        public String nasName() {
            return nas == null ? null : nas.nasName();
        }

        /** The NAS's source address, or null. */
        public String nasAddress() {
            return nas == null ? null : nas.nasAddress();
        }

        /** The Calling-Station-Id that the NAS reported, or null. */
        public String callingStationId() {
            return nas == null ? null : nas.callingStationId();
        }

        /** The method's label in events and metrics. */
        public String methodLabel() {
            return method.label();
        }
    }

    /** The outcome of a verification. */
    public record Verdict(boolean accepted, Reason reason, long retryAfterSeconds, String replyMessage) {

        static Verdict accept() {
            return new Verdict(true, Reason.ACCEPTED, 0, null);
        }

        static Verdict reject(Reason reason) {
            return new Verdict(false, reason, 0, null);
        }

        static Verdict locked(long retryAfterSeconds) {
            return new Verdict(false, Reason.LOCKED, retryAfterSeconds, null);
        }

        static Verdict backedOff(Reason reason, long retryAfterSeconds) {
            return new Verdict(false, reason, retryAfterSeconds, null);
        }

        /**
         * This verdict with the project's wording for the VPN user: every refusal reads the same
         * except the back-off, which tells the user how long to wait.
         */
        Verdict worded(ReplyMessages messages) {
            String text = accepted
                    ? messages.accept()
                    : retryAfterSeconds > 0 ? messages.lockedFor(retryAfterSeconds) : messages.reject();
            return new Verdict(accepted, reason, retryAfterSeconds, text);
        }
    }

    /**
     * Mints an OTP for the identity's user, replacing any earlier live one (one live OTP per user).
     * Runs inside the caller's transaction.
     */
    public Uni<MintedOtp> mintOtp(MpinId id, ProjectCopy project, Instant now) {
        String digits = randomDigits(project.otpLength);
        OneTimePassword otp = new OneTimePassword();
        otp.id = UUID.randomUUID();
        otp.clientId = id.clientId();
        otp.userId = id.userId();
        otp.mpinId = id.hex();
        otp.nonce = cipher.newNonce();
        byte[] plain = digits.getBytes(StandardCharsets.US_ASCII);
        otp.ciphertext = cipher.encrypt(plain, otp.nonce, otp.id, otp.clientId, otp.userId);
        Arrays.fill(plain, (byte) 0);
        otp.createdAt = now;
        otp.expiresAt = now.plusSeconds(project.otpLifetimeSeconds);
        return otps.deleteForUser(otp.clientId, otp.userId)
                .chain(() -> otps.persist(otp))
                .chain(() -> outbox.stage(
                        new OtpIssued(otp.id.toString(), otp.mpinId, otp.clientId, otp.userId, otp.expiresAt)))
                .invoke(() -> registry.counter("zeropin.otp.issued").increment())
                .replaceWith(new MintedOtp(digits, otp.expiresAt));
    }

    /**
     * Verifies a user's live OTPs against a check that the method provides (the PAP password, or
     * a CHAP / MS-CHAPv2 response computed from each candidate OTP).
     */
    @WithTransaction
    public Uni<Verdict> verify(LoginAttempt attempt, Predicate<byte[]> matches) {
        return verify(attempt, matches, null);
    }

    /**
     * Verifies as {@link #verify(LoginAttempt, Predicate)}, for a credential that is the password
     * itself (PAP, EAP-GTC, TTLS/PAP): such a request can also be a NAS's retry of an accepted one
     * (class comment).
     *
     * @param password the presented password, or null when the method cannot retry
     */
    @WithTransaction
    public Uni<Verdict> verify(LoginAttempt attempt, Predicate<byte[]> matches, byte[] password) {
        return decide(new Check(attempt, matches, password));
    }

    /**
     * One verification of a batch.
     *
     * @param attempt the user, the project and where the request came from
     * @param matches the method's check of one candidate OTP
     * @param password the presented password when the method can retry (PAP, EAP-GTC, TTLS/PAP), else null
     */
    public record Check(LoginAttempt attempt, Predicate<byte[]> matches, byte[] password) {}

    /**
     * Decides many verifications in one transaction, so that one commit (one fsync) carries them
     * all; the verdicts come back in the order of the checks. Each check is decided exactly as
     * {@link #verify(LoginAttempt, Predicate, byte[])} would, one after the other, and sees what the
     * checks before it wrote (a second guess at one user counts twice, an OTP consumed by one is gone
     * for the next). The checks run sorted by project and user, so that concurrent batches, on this
     * replica or another, take the users' row locks in one order and cannot deadlock. If the
     * transaction fails, nothing of it stays and no verdict is given: the caller decides each check
     * again on its own ({@link #verify(LoginAttempt, Predicate, byte[])}).
     */
    @WithTransaction
    public Uni<List<Verdict>> verifyAll(List<Check> checks) {
        Verdict[] verdicts = new Verdict[checks.size()];
        Comparator<Integer> byUser = Comparator.comparing(
                        (Integer i) -> checks.get(i).attempt().clientId(),
                        Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(i -> checks.get(i).attempt().userId(), Comparator.nullsFirst(Comparator.naturalOrder()));
        List<Integer> order =
                IntStream.range(0, checks.size()).boxed().sorted(byUser).toList();
        return Multi.createFrom()
                .iterable(order)
                .onItem()
                .transformToUniAndConcatenate(i -> decide(checks.get(i))
                        .invoke(verdict -> verdicts[i] = verdict)
                        // Native writes bypass the session: drop what it holds so that the next check
                        // of the same user reads the rows again.
                        .call(() -> Panache.getSession()
                                .chain(session -> session.flush().invoke(session::clear))))
                .collect()
                .last()
                .map(ignored -> Arrays.asList(verdicts));
    }

    private Uni<Verdict> decide(Check check) {
        LoginAttempt attempt = check.attempt();
        Predicate<byte[]> matches = check.matches();
        byte[] password = check.password();
        Instant now = clock.instant();
        byte[] fingerprint = retryable(attempt, password)
                ? fingerprints.of(attempt.clientId(), attempt.userId(), attempt.nas(), password)
                : null;
        return projects.findById(attempt.clientId()).chain(project -> {
            ReplyMessages wording = project == null ? ReplyMessages.DEFAULTS : project.replyMessages();
            return decide(project, attempt, matches, fingerprint, now).map(verdict -> verdict.worded(wording));
        });
    }

    /** Whether a request takes part in the retry window: a password, a Calling-Station-Id, a window. */
    private boolean retryable(LoginAttempt attempt, byte[] password) {
        return password != null
                && RetryFingerprint.qualifies(attempt.nas())
                && !config.verification().retryWindow().isNegative()
                && !config.verification().retryWindow().isZero();
    }

    private Uni<Verdict> decide(
            ProjectCopy project, LoginAttempt attempt, Predicate<byte[]> matches, byte[] fingerprint, Instant now) {
        if (project == null || !project.enabled) {
            return counted(Uni.createFrom().item(Verdict.reject(Reason.PROJECT_DISABLED)));
        }
        String source = sourceOf(attempt);
        return otps.lockLive(attempt.clientId(), attempt.userId(), now)
                .chain(live -> failures.listFailures(attempt.clientId(), attempt.userId(), source)
                        .chain(rows -> {
                            Tally tally = tally(rows, source, now);
                            if (tally.lockedUntil() != null) {
                                long wait = Math.max(
                                        1,
                                        Duration.between(now, tally.lockedUntil())
                                                .toSeconds());
                                return counted(outbox.stage(rejected(attempt, Reason.LOCKED))
                                        .replaceWith(Verdict.locked(wait)));
                            }
                            Optional<OneTimePassword> match =
                                    live.isEmpty() ? Optional.empty() : findMatch(live, matches);
                            if (match.isPresent()) {
                                return consume(match.get(), tally, attempt, fingerprint, now);
                            }
                            return retryOf(fingerprint, now).chain(retried -> {
                                if (retried.isPresent()) {
                                    return acceptRetry(retried.get(), attempt);
                                }
                                if (live.isEmpty()) {
                                    // Nothing to guess: nothing is counted, and nothing is written
                                    // for a user without a failure record (unknown User IDs included).
                                    return counted(
                                            tally.recorded()
                                                    ? reject(attempt, Reason.INVALID_OTP)
                                                    : Uni.createFrom().item(Verdict.reject(Reason.INVALID_OTP)));
                                }
                                return countFailure(tally, attempt, now);
                            });
                        }));
    }

    /** The OTP id of the accepted verification that this request repeats within the window, if any. */
    private Uni<Optional<String>> retryOf(byte[] fingerprint, Instant now) {
        return fingerprint == null ? Uni.createFrom().item(Optional.empty()) : accepted.find(fingerprint, now);
    }

    /** Answers a NAS's retry: Accept again, audited as a retry of the first Accept, nothing consumed. */
    private Uni<Verdict> acceptRetry(String otpId, LoginAttempt attempt) {
        return counted(outbox.stage(new OtpVerified(
                        otpId,
                        attempt.clientId(),
                        attempt.userId(),
                        attempt.methodLabel(),
                        attempt.nasName(),
                        attempt.nasAddress(),
                        attempt.callingStationId(),
                        true))
                .invoke(() -> registry.counter("zeropin.otp.retries").increment())
                .replaceWith(Verdict.accept()));
    }

    /**
     * Where a request comes from, for the back-off: the endpoint that the NAS reports
     * (Calling-Station-Id, in VPNs usually the user's address), or else the NAS itself.
     */
    static String sourceOf(LoginAttempt attempt) {
        String station = attempt.callingStationId();
        if (station != null && !station.isBlank()) {
            return "station:" + station.strip().toLowerCase(Locale.ROOT);
        }
        String nas = attempt.nasName() != null ? attempt.nasName() : attempt.nasAddress();
        return "nas:" + (nas == null ? "" : nas);
    }

    /**
     * The counts of one source and of the user over all sources, drained to {@code now}.
     *
     * @param lockedUntil the later of the two back-offs when one runs at {@code now}, else null
     * @param recorded whether either row exists
     */
    private record Tally(
            String source, DrainingCount fromSource, DrainingCount fromAll, Instant lockedUntil, boolean recorded) {}

    private Tally tally(List<OtpFailure> rows, String source, Instant now) {
        OtpConfig.Verification settings = config.verification();
        OtpFailure fromSource = null;
        OtpFailure fromAll = null;
        for (OtpFailure row : rows) {
            if (OtpFailure.ALL_SOURCES.equals(row.source)) {
                fromAll = row;
            } else {
                fromSource = row;
            }
        }
        Instant lockedUntil = later(lockAt(fromSource, now), lockAt(fromAll, now));
        return new Tally(
                source,
                DrainingCount.of(fromSource, drainEvery(settings.failuresBeforeBackoff()), now),
                DrainingCount.of(fromAll, drainEvery(settings.userFailuresBeforeBackoff()), now),
                lockedUntil,
                fromSource != null || fromAll != null);
    }

    private static Instant lockAt(OtpFailure row, Instant now) {
        return row != null && row.lockedUntil != null && row.lockedUntil.isAfter(now) ? row.lockedUntil : null;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** How long one failure takes to drain: a full run of {@code threshold} failures drains in the window. */
    private Duration drainEvery(int threshold) {
        Duration every = config.verification().failureWindow().dividedBy(Math.max(1, threshold));
        return every.isZero() || every.isNegative() ? Duration.ofMillis(1) : every;
    }

    private Uni<Verdict> counted(Uni<Verdict> verdict) {
        return verdict.invoke(v -> registry.counter(
                        "zeropin.otp.verifications",
                        "result",
                        v.accepted() ? "accept" : "reject",
                        "reason",
                        v.reason().code())
                .increment());
    }

    /** Compares against every live OTP without stopping at the first match (no timing hint). */
    private Optional<OneTimePassword> findMatch(List<OneTimePassword> live, Predicate<byte[]> matches) {
        OneTimePassword match = null;
        for (OneTimePassword otp : live) {
            Optional<byte[]> plain = cipher.decrypt(otp.ciphertext, otp.nonce, otp.id, otp.clientId, otp.userId);
            if (plain.isPresent()) {
                boolean equal = matches.test(plain.get());
                Arrays.fill(plain.get(), (byte) 0);
                if (equal && match == null) {
                    match = otp;
                }
            }
        }
        return Optional.ofNullable(match);
    }

    private Uni<Verdict> consume(
            OneTimePassword otp, Tally tally, LoginAttempt attempt, byte[] fingerprint, Instant now) {
        return otps.consume(otp.id, now).chain(consumed -> {
            if (!consumed) {
                return counted(reject(attempt, Reason.ALREADY_USED));
            }
            // Kept in this transaction: a retry finds it only once this consumption has committed.
            Uni<?> remember = fingerprint == null
                    ? Uni.createFrom().voidItem()
                    : accepted.remember(
                            fingerprint,
                            otp.clientId,
                            otp.userId,
                            otp.mpinId,
                            otp.id,
                            now.plus(config.verification().retryWindow()));
            // A success clears its own source only: a stranger's source stays backed off, and the
            // count over all sources drains by itself.
            Uni<?> forget = tally.fromSource().failures() > 0
                    ? failures.forgetFailures(attempt.clientId(), attempt.userId(), tally.source())
                    : Uni.createFrom().voidItem();
            return counted(forget.chain(() -> remember)
                    .chain(() -> outbox.stage(new OtpVerified(
                            otp.id.toString(),
                            otp.clientId,
                            otp.userId,
                            attempt.methodLabel(),
                            attempt.nasName(),
                            attempt.nasAddress(),
                            attempt.callingStationId())))
                    .replaceWith(Verdict.accept()));
        });
    }

    /** Counts a wrong password against a live OTP, for its source and for the user over all sources. */
    private Uni<Verdict> countFailure(Tally tally, LoginAttempt attempt, Instant now) {
        OtpConfig.Verification settings = config.verification();
        DrainingCount fromSource = tally.fromSource().plusOne(now);
        DrainingCount fromAll = tally.fromAll().plusOne(now);
        Duration sourceBackoff = backoff(fromSource.failures(), settings.failuresBeforeBackoff());
        Duration userBackoff = backoff(fromAll.failures(), settings.userFailuresBeforeBackoff());
        Instant sourceLock = sourceBackoff == null ? null : now.plus(sourceBackoff);
        Instant userLock = userBackoff == null ? null : now.plus(userBackoff);
        Instant lockedUntil = later(sourceLock, userLock);
        String clientId = attempt.clientId();
        String userId = attempt.userId();
        return failures.saveFailures(
                        clientId, userId, tally.source(), fromSource.failures(), fromSource.drainedAt(), sourceLock)
                .chain(() -> failures.saveFailures(
                        clientId, userId, OtpFailure.ALL_SOURCES, fromAll.failures(), fromAll.drainedAt(), userLock))
                .chain(() -> counted(
                        lockedUntil == null
                                ? reject(attempt, Reason.INVALID_OTP)
                                : outbox.stage(rejected(attempt, Reason.INVALID_OTP))
                                        .replaceWith(Verdict.backedOff(
                                                Reason.INVALID_OTP,
                                                Duration.between(now, lockedUntil)
                                                        .toSeconds()))));
    }

    /** The back-off that {@code failures} earn against {@code threshold}: none below it, then doubling. */
    private Duration backoff(int failures, int threshold) {
        int beyond = failures - Math.max(1, threshold);
        if (beyond < 0) {
            return null;
        }
        OtpConfig.Verification settings = config.verification();
        Duration backoff = settings.initialBackoff().multipliedBy(1L << Math.min(beyond, 20));
        return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
    }

    private Uni<Verdict> reject(LoginAttempt attempt, Reason reason) {
        return outbox.stage(rejected(attempt, reason)).replaceWith(Verdict.reject(reason));
    }

    private static OtpRejected rejected(LoginAttempt attempt, Reason reason) {
        return new OtpRejected(
                attempt.clientId(),
                attempt.userId(),
                reason.code(),
                attempt.methodLabel(),
                attempt.nasName(),
                attempt.nasAddress(),
                attempt.callingStationId());
    }

    private String randomDigits(int length) {
        int value = random.nextInt(POWERS_OF_TEN[length]);
        String digits = Integer.toString(value);
        return "0".repeat(length - digits.length()) + digits;
    }
}
