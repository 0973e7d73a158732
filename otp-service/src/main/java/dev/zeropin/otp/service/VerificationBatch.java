package dev.zeropin.otp.service;

import dev.zeropin.events.AuthEvents.DirectoryCachedAnswerUsed;
import dev.zeropin.events.AuthEvents.DirectoryRefused;
import dev.zeropin.events.AuthEvents.OtpRejected;
import dev.zeropin.events.AuthEvents.OtpVerified;
import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.internal.otp.VerifyAnswer.Reason;
import dev.zeropin.otp.OneTimePassword;
import dev.zeropin.otp.OtpFailure;
import dev.zeropin.otp.ProjectCopy;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.otp.service.OtpService.Check;
import dev.zeropin.otp.service.OtpService.LoginAttempt;
import dev.zeropin.otp.service.OtpService.Verdict;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The decisions of one batch of verifications, made in memory from rows read once for the whole
 * batch (the users' live OTPs, locked; their failure counts; the accepted verifications that a
 * retry may repeat), and the writes they call for, collected to be applied in a few statements.
 * The checks are decided one after the other, each seeing what the ones before it changed: an OTP
 * consumed is gone for the next, a failure counted raises the next one's tally. This is the one
 * place where verifications are decided; a single verification is a batch of one.
 */
final class VerificationBatch {

    /** A user of a project. */
    record User(String clientId, String userId) {}

    /** A failure count's row: a user and a source ({@link OtpFailure#ALL_SOURCES} for all). */
    record Source(String clientId, String userId, String source) {}

    /** A failure count as it stands in this batch (read, or written by an earlier check). */
    record Count(int failures, Instant drainedAt, Instant lockedUntil) {}

    /** An accepted verification to keep for the retry window. */
    record Remember(byte[] fingerprint, OneTimePassword otp, Instant expiresAt) {}

    /** One check, with what it needs beyond the request. */
    record Item(Check check, String source, byte[] fingerprint) {}

    private final OtpConfig.Verification settings;
    private final OtpCipher cipher;
    private final Instant now;
    private final Map<String, ProjectCopy> projects;
    private final Map<User, List<OneTimePassword>> live;
    private final Map<Source, Count> counts;
    private final Map<ByteBuffer, String> acceptedOtpIds;
    private final Map<User, DirectoryStatusCache.Status> admissions;

    private final Set<UUID> consumed = new LinkedHashSet<>();
    private final Set<Source> forgotten = new LinkedHashSet<>();
    private final Map<Source, Count> saved = new LinkedHashMap<>();
    private final List<Remember> remembered = new ArrayList<>();
    private final List<DomainEvent> events = new ArrayList<>();
    private int retries;

    VerificationBatch(
            OtpConfig.Verification settings,
            OtpCipher cipher,
            Instant now,
            List<ProjectCopy> projects,
            List<OneTimePassword> live,
            List<OtpFailure> failures,
            Map<ByteBuffer, String> acceptedOtpIds,
            Map<User, DirectoryStatusCache.Status> admissions) {
        this.settings = settings;
        this.cipher = cipher;
        this.now = now;
        this.projects = new HashMap<>();
        projects.forEach(project -> this.projects.put(project.clientId, project));
        this.live = new HashMap<>();
        live.forEach(otp -> this.live
                .computeIfAbsent(new User(otp.clientId, otp.userId), user -> new ArrayList<>())
                .add(otp));
        this.counts = new HashMap<>();
        failures.forEach(row -> counts.put(
                new Source(row.clientId, row.userId, row.source),
                new Count(row.failures, row.drainedAt, row.lockedUntil)));
        this.acceptedOtpIds = new HashMap<>(acceptedOtpIds);
        this.admissions = Map.copyOf(admissions);
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

    /** Decides one check, in the project's wording; call in the order the checks are to be decided. */
    Verdict decide(Item item) {
        ProjectCopy project = projects.get(item.check().attempt().clientId());
        ReplyMessages wording = project == null ? ReplyMessages.DEFAULTS : project.replyMessages();
        return decide(project, item).worded(wording);
    }

    private Verdict decide(ProjectCopy project, Item item) {
        LoginAttempt attempt = item.check().attempt();
        if (project == null || !project.enabled) {
            return Verdict.reject(Reason.PROJECT_DISABLED);
        }
        User user = new User(attempt.clientId(), attempt.userId());
        DirectoryStatusCache.Status admission = admissions.get(user);
        if (admission != null) {
            if (admission.cachedAnswerUsed()) {
                events.add(new DirectoryCachedAnswerUsed(
                        user.clientId(),
                        user.userId(),
                        "radius",
                        admission.cachedAnswerAgeSeconds(),
                        admission.reason()));
            }
            if (!admission.admitted()) {
                // The NAS hears what a wrong OTP gets; the audit trail has the directory's reason.
                events.add(new DirectoryRefused(
                        user.clientId(), user.userId(), "radius", admission.reason(), attempt.nasName()));
                return Verdict.reject(Reason.INVALID_OTP);
            }
        }
        Source fromSource = new Source(user.clientId(), user.userId(), item.source());
        Source fromAll = new Source(user.clientId(), user.userId(), OtpFailure.ALL_SOURCES);
        Count sourceCount = counts.get(fromSource);
        Count allCount = counts.get(fromAll);
        Instant lockedUntil = later(lockAt(sourceCount), lockAt(allCount));
        if (lockedUntil != null) {
            events.add(rejected(attempt, Reason.LOCKED));
            return Verdict.locked(Math.max(1, Duration.between(now, lockedUntil).toSeconds()));
        }
        List<OneTimePassword> candidates = live.getOrDefault(user, List.of()).stream()
                .filter(otp -> !consumed.contains(otp.id))
                .toList();
        Optional<OneTimePassword> match = candidates.isEmpty()
                ? Optional.empty()
                : findMatch(candidates, item.check().matches());
        if (match.isPresent()) {
            OneTimePassword otp = match.get();
            consumed.add(otp.id);
            if (item.fingerprint() != null) {
                // Written with this consumption: a retry finds it only once the batch has committed.
                remembered.add(new Remember(item.fingerprint(), otp, now.plus(settings.retryWindow())));
                acceptedOtpIds.put(ByteBuffer.wrap(item.fingerprint()), otp.id.toString());
            }
            // A success clears its own source only: a stranger's source stays backed off, and the
            // count over all sources drains by itself.
            if (sourceCount != null && sourceCount.failures() > 0) {
                counts.remove(fromSource);
                saved.remove(fromSource);
                forgotten.add(fromSource);
            }
            events.add(verified(otp.id.toString(), attempt, false));
            return Verdict.accept();
        }
        String retried = item.fingerprint() == null ? null : acceptedOtpIds.get(ByteBuffer.wrap(item.fingerprint()));
        if (retried != null) {
            retries++;
            events.add(verified(retried, attempt, true));
            return Verdict.accept();
        }
        if (candidates.isEmpty()) {
            // Nothing to guess: nothing is counted, and nothing is written for a user without a
            // failure record (unknown User IDs included).
            if (sourceCount != null || allCount != null) {
                events.add(rejected(attempt, Reason.INVALID_OTP));
            }
            return Verdict.reject(Reason.INVALID_OTP);
        }
        return countFailure(attempt, fromSource, sourceCount, fromAll, allCount);
    }

    /** Counts a wrong password against a live OTP, for its source and for the user over all sources. */
    private Verdict countFailure(
            LoginAttempt attempt, Source fromSource, Count sourceCount, Source fromAll, Count allCount) {
        DrainingCount source =
                drained(sourceCount, settings.failuresBeforeBackoff()).plusOne(now);
        DrainingCount all =
                drained(allCount, settings.userFailuresBeforeBackoff()).plusOne(now);
        Duration sourceBackoff = backoff(source.failures(), settings.failuresBeforeBackoff());
        Duration userBackoff = backoff(all.failures(), settings.userFailuresBeforeBackoff());
        Instant sourceLock = sourceBackoff == null ? null : now.plus(sourceBackoff);
        Instant userLock = userBackoff == null ? null : now.plus(userBackoff);
        save(fromSource, new Count(source.failures(), source.drainedAt(), sourceLock));
        save(fromAll, new Count(all.failures(), all.drainedAt(), userLock));
        events.add(rejected(attempt, Reason.INVALID_OTP));
        Instant lockedUntil = later(sourceLock, userLock);
        return lockedUntil == null
                ? Verdict.reject(Reason.INVALID_OTP)
                : Verdict.backedOff(
                        Reason.INVALID_OTP, Duration.between(now, lockedUntil).toSeconds());
    }

    private void save(Source key, Count count) {
        counts.put(key, count);
        saved.put(key, count);
    }

    private DrainingCount drained(Count count, int threshold) {
        return count == null
                ? DrainingCount.of(0, now, drainEvery(threshold), now)
                : DrainingCount.of(count.failures(), count.drainedAt(), drainEvery(threshold), now);
    }

    /** How long one failure takes to drain: a full run of {@code threshold} failures drains in the window. */
    private Duration drainEvery(int threshold) {
        Duration every = settings.failureWindow().dividedBy(Math.max(1, threshold));
        return every.isZero() || every.isNegative() ? Duration.ofMillis(1) : every;
    }

    /** The back-off that {@code failures} earn against {@code threshold}: none below it, then doubling. */
    private Duration backoff(int failures, int threshold) {
        int beyond = failures - Math.max(1, threshold);
        if (beyond < 0) {
            return null;
        }
        Duration backoff = settings.initialBackoff().multipliedBy(1L << Math.min(beyond, 20));
        return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
    }

    private Instant lockAt(Count count) {
        return count != null
                        && count.lockedUntil() != null
                        && count.lockedUntil().isAfter(now)
                ? count.lockedUntil()
                : null;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Compares against every live OTP without stopping at the first match (no timing hint). */
    private Optional<OneTimePassword> findMatch(List<OneTimePassword> candidates, Predicate<byte[]> matches) {
        OneTimePassword match = null;
        for (OneTimePassword otp : candidates) {
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

    private static OtpVerified verified(String otpId, LoginAttempt attempt, boolean retry) {
        return new OtpVerified(
                otpId,
                attempt.clientId(),
                attempt.userId(),
                attempt.methodLabel(),
                attempt.nasName(),
                attempt.nasAddress(),
                attempt.callingStationId(),
                retry);
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

    /** The OTPs consumed, to delete. */
    List<UUID> consumed() {
        return List.copyOf(consumed);
    }

    /** The failure rows to delete (a success cleared its source). */
    Set<Source> forgotten() {
        return new HashSet<>(forgotten);
    }

    /** The failure rows to write, each with its last count of the batch. */
    Map<Source, Count> saved() {
        return saved;
    }

    /** The accepted verifications to keep for the retry window. */
    List<Remember> remembered() {
        return remembered;
    }

    /** The events to stage in the outbox, in the order of the decisions. */
    List<DomainEvent> events() {
        return events;
    }

    /** How many checks were a NAS's retry of an accepted request. */
    int retries() {
        return retries;
    }
}
