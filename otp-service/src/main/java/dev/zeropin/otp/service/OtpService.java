package dev.zeropin.otp.service;

import dev.zeropin.events.AuthEvents.OtpIssued;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

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

    private static final Logger log = Logger.getLogger(OtpService.class);

    /** A client_id that no project can have (client_ids are lower-case), used by {@link #warmUp()}. */
    private static final String WARM_UP_PROJECT = "Zeropin Warm-up";

    private static final int[] POWERS_OF_TEN = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private final OtpRepository otps;
    private final AcceptedVerificationRepository accepted;
    private final RetryFingerprint fingerprints;
    private final OtpFailureRepository failures;
    private final ProjectCopyRepository projects;
    private final DirectoryStatusCache directoryStatus;
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
            DirectoryStatusCache directoryStatus,
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
        this.directoryStatus = directoryStatus;
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
        return decideAll(List.of(new Check(attempt, matches, password))).map(verdicts -> verdicts.get(0));
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
     * checks before it changed (a second guess at one user counts twice, an OTP consumed by one is
     * gone for the next). If that transaction fails, nothing of it stays, and each check is decided
     * again in a transaction of its own, so that one bad row does not cost the others their answer.
     */
    public Uni<List<Verdict>> verifyAll(List<Check> checks) {
        return Panache.withTransaction(() -> decideAll(checks)).onFailure().recoverWithUni(failure -> {
            log.debugf(failure, "a verify batch of %d failed; deciding each alone", checks.size());
            return Multi.createFrom()
                    .iterable(checks)
                    .onItem()
                    .transformToUniAndConcatenate(check -> Panache.withTransaction(() -> decideAll(List.of(check)))
                            .map(verdicts -> verdicts.get(0)))
                    .collect()
                    .asList();
        });
    }

    /**
     * Runs one verification for a project that cannot exist, in a transaction that writes nothing
     * and counts nothing: every read of the verification path (projects, live OTPs locked, failure
     * counts, retry fingerprints) goes to the database once. A service just started pays for its
     * first statements, its pool's connections and its cold code here instead of in the first
     * NAS request, which the gateway would otherwise give up on (its deadline is 2 s) after the OTP
     * was consumed.
     */
    public Uni<Void> warmUp() {
        NasSession nas = new NasSession("warm-up", "127.0.0.1", "02-00-00-00-00-00", 0L, null);
        LoginAttempt attempt = new LoginAttempt(WARM_UP_PROJECT, "warm-up@zeropin.invalid", AuthMethod.PAP, nas);
        Check check = new Check(attempt, candidate -> false, "warm-up".getBytes(StandardCharsets.US_ASCII));
        return Panache.withTransaction(() -> decideAndWrite(List.of(check))).replaceWithVoid();
    }

    /**
     * The batch inside the caller's transaction, in a fixed number of statements: the projects, the
     * users' live OTPs (locked in one order, by project, user and id, so that concurrent batches on
     * any replica cannot deadlock), their failure counts and the accepted verifications a retry may
     * repeat are read once; {@link VerificationBatch} decides in memory; then the consumptions, the
     * counts, the retry fingerprints and the audit events are written.
     */
    private Uni<List<Verdict>> decideAll(List<Check> checks) {
        if (checks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return decideAndWrite(checks).map(decided -> {
            decided.verdicts().forEach(this::count);
            if (decided.retries() > 0) {
                registry.counter("zeropin.otp.retries").increment(decided.retries());
            }
            return decided.verdicts();
        });
    }

    /** What a batch decided, in the order of its checks, and how many of them were a NAS's retry. */
    private record Decided(List<Verdict> verdicts, int retries) {}

    /** {@link #decideAll} without counting the verdicts in the metrics. */
    private Uni<Decided> decideAndWrite(List<Check> checks) {
        Instant now = clock.instant();
        List<VerificationBatch.Item> items = new ArrayList<>(checks.size());
        Set<String> clientIds = new TreeSet<>();
        Set<String> userIds = new TreeSet<>();
        Set<String> sources = new TreeSet<>();
        List<byte[]> fingerprintsToFind = new ArrayList<>();
        for (Check check : checks) {
            LoginAttempt attempt = check.attempt();
            byte[] fingerprint = retryable(attempt, check.password())
                    ? fingerprints.of(attempt.clientId(), attempt.userId(), attempt.nas(), check.password())
                    : null;
            String source = VerificationBatch.sourceOf(attempt);
            items.add(new VerificationBatch.Item(check, source, fingerprint));
            clientIds.add(attempt.clientId());
            userIds.add(attempt.userId());
            sources.add(source);
            if (fingerprint != null) {
                fingerprintsToFind.add(fingerprint);
            }
        }
        sources.add(OtpFailure.ALL_SOURCES);
        return projects.list("clientId in ?1", clientIds)
                .chain(projectRows -> otps.lockLive(clientIds, userIds, now)
                        .chain(live -> directoryStatuses(projectRows, live)
                                .chain(admissions -> failures.listFailures(clientIds, userIds, sources)
                                        .chain(rows -> accepted.findAll(fingerprintsToFind, now)
                                                .map(retries -> new VerificationBatch(
                                                        config.verification(),
                                                        cipher,
                                                        now,
                                                        projectRows,
                                                        live,
                                                        rows,
                                                        retries,
                                                        admissions))))))
                .chain(batch -> {
                    List<Verdict> verdicts = items.stream().map(batch::decide).toList();
                    return write(batch, now).map(ignored -> new Decided(verdicts, batch.retries()));
                });
    }

    /**
     * The directory's word on each user who has a live OTP in a project with a directory: from
     * {@link DirectoryStatusCache} while it is fresh (no LDAP round trip), asked once when it is
     * not. Users without a live OTP are not looked up: a RADIUS request with any User-Name cannot
     * make the service query the directory.
     */
    private Uni<Map<VerificationBatch.User, DirectoryStatusCache.Status>> directoryStatuses(
            List<ProjectCopy> projectRows, List<OneTimePassword> live) {
        Map<String, DirectorySettings> directories = new HashMap<>();
        projectRows.stream()
                .filter(project -> project.directory != null)
                .forEach(project -> directories.put(project.clientId, project.directory));
        if (directories.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<VerificationBatch.User> users = new LinkedHashSet<>();
        live.stream()
                .filter(otp -> directories.containsKey(otp.clientId))
                .forEach(otp -> users.add(new VerificationBatch.User(otp.clientId, otp.userId)));
        if (users.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map.Entry<VerificationBatch.User, DirectoryStatusCache.Status>>> lookups = users.stream()
                .map(user -> directoryStatus
                        .statusOf(user.clientId(), user.userId(), directories.get(user.clientId()))
                        .map(status -> Map.entry(user, status)))
                .toList();
        return Uni.join().all(lookups).andFailFast().map(entries -> {
            Map<VerificationBatch.User, DirectoryStatusCache.Status> statuses = new HashMap<>();
            entries.forEach(entry -> statuses.put(entry.getKey(), entry.getValue()));
            return statuses;
        });
    }

    /** Applies what a batch decided; fails (and so rolls back) if an OTP was not there to consume. */
    private Uni<Void> write(VerificationBatch batch, Instant now) {
        List<UUID> consumed = batch.consumed();
        Uni<Void> consume = consumed.isEmpty()
                ? Uni.createFrom().voidItem()
                : otps.consumeAll(consumed, now)
                        .invoke(count -> {
                            if (count != consumed.size()) {
                                throw new IllegalStateException("a locked OTP was gone at consumption");
                            }
                        })
                        .replaceWithVoid();
        return consume.chain(() -> inTurn(
                        batch.forgotten(), key -> failures.forgetFailures(key.clientId(), key.userId(), key.source())))
                .chain(() -> inTurn(
                        batch.saved().entrySet(),
                        saved -> failures.saveFailures(
                                saved.getKey().clientId(),
                                saved.getKey().userId(),
                                saved.getKey().source(),
                                saved.getValue().failures(),
                                saved.getValue().drainedAt(),
                                saved.getValue().lockedUntil())))
                .chain(() -> inTurn(
                        batch.remembered(),
                        kept -> accepted.remember(
                                kept.fingerprint(),
                                kept.otp().clientId,
                                kept.otp().userId,
                                kept.otp().mpinId,
                                kept.otp().id,
                                kept.expiresAt())))
                .chain(() -> outbox.stageAll(batch.events()));
    }

    /** Runs {@code write} for each element, one after the other (one connection, one transaction). */
    private static <T> Uni<Void> inTurn(Collection<T> elements, Function<T, Uni<?>> write) {
        if (elements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(elements)
                .onItem()
                .transformToUniAndConcatenate(element -> write.apply(element).replaceWith(Boolean.TRUE))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Whether a request takes part in the retry window: a password, a Calling-Station-Id, a window. */
    private boolean retryable(LoginAttempt attempt, byte[] password) {
        return password != null
                && RetryFingerprint.qualifies(attempt.nas())
                && !config.verification().retryWindow().isNegative()
                && !config.verification().retryWindow().isZero();
    }

    private void count(Verdict verdict) {
        registry.counter(
                        "zeropin.otp.verifications",
                        "result",
                        verdict.accepted() ? "accept" : "reject",
                        "reason",
                        verdict.reason().code())
                .increment();
    }

    private String randomDigits(int length) {
        int value = random.nextInt(POWERS_OF_TEN[length]);
        String digits = Integer.toString(value);
        return "0".repeat(length - digits.length()) + digits;
    }
}
