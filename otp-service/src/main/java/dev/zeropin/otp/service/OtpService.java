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
import dev.zeropin.otp.ProjectCopy;
import dev.zeropin.otp.VerificationFailures;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.otp.repository.OtpRepository;
import dev.zeropin.otp.repository.ProjectCopyRepository;
import dev.zeropin.otp.repository.VerificationFailuresRepository;
import dev.zeropin.outbox.OutboxWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Mints OTPs after a successful proof and checks the passwords the RADIUS gateway presents.
 *
 * <p>An OTP is drawn from a CSPRNG, stored encrypted, bound to (project, User ID), and consumed by
 * deleting its row: of any number of concurrent verifications, on any number of replicas, exactly
 * one can delete it. Verifications of one user are serialised by a row lock on that user's failure
 * record, which also carries the back-off after repeated failures.
 */
@ApplicationScoped
public class OtpService {

    private static final int[] POWERS_OF_TEN = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private final OtpRepository otps;
    private final VerificationFailuresRepository failures;
    private final ProjectCopyRepository projects;
    private final OtpCipher cipher;
    private final OutboxWriter outbox;
    private final OtpConfig config;
    private final SecureRandom random;
    private final Clock clock;
    private final MeterRegistry registry;

    public OtpService(
            OtpRepository otps,
            VerificationFailuresRepository failures,
            ProjectCopyRepository projects,
            OtpCipher cipher,
            OutboxWriter outbox,
            OtpConfig config,
            SecureRandom random,
            Clock clock,
            MeterRegistry registry) {
        this.otps = otps;
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
        Instant now = clock.instant();
        return projects.findById(attempt.clientId()).chain(project -> {
            ReplyMessages wording = project == null ? ReplyMessages.DEFAULTS : project.replyMessages();
            return decide(project, attempt, matches, now).map(verdict -> verdict.worded(wording));
        });
    }

    private Uni<Verdict> decide(ProjectCopy project, LoginAttempt attempt, Predicate<byte[]> matches, Instant now) {
        if (project == null || !project.enabled) {
            return counted(reject(attempt, Reason.PROJECT_DISABLED));
        }
        return failures.lockFailures(attempt.clientId(), attempt.userId(), now).chain(tally -> {
            if (tally.lockedUntil != null && tally.lockedUntil.isAfter(now)) {
                long wait = Math.max(1, Duration.between(now, tally.lockedUntil).toSeconds());
                return counted(outbox.stage(rejected(attempt, Reason.LOCKED)).replaceWith(Verdict.locked(wait)));
            }
            return otps.listLive(attempt.clientId(), attempt.userId(), now)
                    .chain(live -> findMatch(live, matches)
                            .map(otp -> consume(otp, tally, attempt, now))
                            .orElseGet(() -> countFailure(tally, attempt, now)));
        });
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

    private Uni<Verdict> consume(OneTimePassword otp, VerificationFailures tally, LoginAttempt attempt, Instant now) {
        return otps.consume(otp.id, now).chain(consumed -> {
            if (!consumed) {
                return counted(reject(attempt, Reason.ALREADY_USED));
            }
            tally.failures = 0;
            tally.lockedUntil = null;
            tally.updatedAt = now;
            return counted(outbox.stage(new OtpVerified(
                            otp.id.toString(),
                            otp.clientId,
                            otp.userId,
                            attempt.methodLabel(),
                            attempt.nasName(),
                            attempt.nasAddress(),
                            attempt.callingStationId()))
                    .replaceWith(Verdict.accept()));
        });
    }

    private Uni<Verdict> countFailure(VerificationFailures tally, LoginAttempt attempt, Instant now) {
        OtpConfig.Verification settings = config.verification();
        tally.failures++;
        tally.updatedAt = now;
        int beyond = tally.failures - settings.failuresBeforeBackoff();
        if (beyond >= 0) {
            Duration backoff = settings.initialBackoff().multipliedBy(1L << Math.min(beyond, 20));
            if (backoff.compareTo(settings.maxBackoff()) > 0) {
                backoff = settings.maxBackoff();
            }
            tally.lockedUntil = now.plus(backoff);
            return counted(outbox.stage(rejected(attempt, Reason.INVALID_OTP))
                    .replaceWith(Verdict.backedOff(Reason.INVALID_OTP, backoff.toSeconds())));
        }
        return counted(reject(attempt, Reason.INVALID_OTP));
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
