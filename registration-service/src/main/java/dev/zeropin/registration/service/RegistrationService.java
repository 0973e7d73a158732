package dev.zeropin.registration.service;

import dev.zeropin.directory.DirectoryClient;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.events.UserIds;
import dev.zeropin.registration.Activation;
import dev.zeropin.registration.Project;
import dev.zeropin.registration.QueuedMail;
import dev.zeropin.registration.Registration;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.repository.ActivationRepository;
import dev.zeropin.registration.repository.EnrolmentBudgetRepository;
import dev.zeropin.registration.repository.ProjectRepository;
import dev.zeropin.registration.repository.QueuedMailRepository;
import dev.zeropin.registration.repository.RegistrationRepository;
import dev.zeropin.support.concurrent.Offload;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * E-mail verification of a User ID: an 8-digit code and a one-time link are sent; either one,
 * presented in time, yields a one-time activation token. The answers never say whether a User ID
 * is registered already.
 *
 * <p>Budgets, each taken atomically in the database ({@link EnrolmentBudgetRepository}): new
 * registrations per User ID across every project and per source address, and wrong codes per User
 * ID and day across every project and registration, so that projects do not multiply an
 * attacker's guesses at someone else's code.
 */
@ApplicationScoped
public class RegistrationService {

    /** Digits of the verification code. */
    public static final int CODE_LENGTH = 8;

    private static final int MAX_DEVICE_LABEL = 64;

    private final ProjectRepository projects;
    private final RegistrationRepository registrations;
    private final ActivationRepository activations;
    private final QueuedMailRepository mails;
    private final EnrolmentBudgetRepository budgets;
    private final RegistrationKeys keys;
    private final ActivationTokens tokens;
    private final MailQueue mailQueue;
    private final RegistrationConfig config;
    private final AuditService audit;
    private final Clock clock;

    public RegistrationService(
            ProjectRepository projects,
            RegistrationRepository registrations,
            ActivationRepository activations,
            QueuedMailRepository mails,
            EnrolmentBudgetRepository budgets,
            RegistrationKeys keys,
            ActivationTokens tokens,
            MailQueue mailQueue,
            RegistrationConfig config,
            AuditService audit,
            Clock clock) {
        this.projects = projects;
        this.registrations = registrations;
        this.activations = activations;
        this.mails = mails;
        this.budgets = budgets;
        this.keys = keys;
        this.tokens = tokens;
        this.mailQueue = mailQueue;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /** A registration waiting for verification, and how it may be verified. */
    public record Started(UUID registrationId, Set<VerificationMethod> methods, Instant expiresAt) {}

    /** A verified registration's activation token. */
    public record Verified(String activationToken, long expiresInSeconds) {}

    /**
     * Starts the registration of a User ID and stages its verification e-mail, which leaves after
     * the commit ({@link MailQueue}): the answer never waits for the SMTP server.
     *
     * @throws ProblemException for an unknown or disabled project, an invalid or not allowed User
     *     ID, or too many registrations
     */
    public Uni<Started> startRegistration(
            String clientId, String rawUserId, String deviceLabel, String channel, String source) {
        return Uni.createFrom()
                .item(() -> validateRegistration(clientId, rawUserId, deviceLabel, channel))
                .chain(userId -> admitByDirectory(clientId, userId, channel, source))
                .chain(() -> storeRegistration(clientId, rawUserId, deviceLabel, channel, source))
                .invoke(mailQueue::wake);
    }

    /**
     * Asks the project's directory, when it has one, before anything is stored: outside the
     * transaction (a directory may take its timeout to answer) and on a worker thread (the LDAP
     * client blocks). Any answer but "allowed" is audited with its reason and refused with {@link
     * RegistrationProblems#userIdNotAllowed()}, the same answer for every reason.
     */
    Uni<Void> admitByDirectory(String clientId, String userId, String channel, String source) {
        return findDirectory(clientId, userId, channel).chain(directory -> {
            if (directory == null) {
                return Uni.createFrom().voidItem();
            }
            return Offload.compute(() -> DirectoryClient.checkUser(directory, userId))
                    .chain(answer -> {
                        if (answer.allowed()) {
                            return Uni.createFrom().voidItem();
                        }
                        Log.debugf("directory refused %s in %s: %s", userId, clientId, answer.reason());
                        return audit.recordRegistrationRefused(
                                        clientId, userId, source, "directory: " + answer.reason())
                                .chain(() -> Uni.createFrom().failure(RegistrationProblems.userIdNotAllowed()));
                    });
        });
    }

    /** The directory of a project that would otherwise take this registration; null when it has none. */
    @WithSession
    Uni<DirectorySettings> findDirectory(String clientId, String userId, String channel) {
        return projects.findById(clientId)
                .chain(project -> checkProject(project, clientId, userId, channel))
                .map(project -> project.directory);
    }

    /** Checks the request's fields; the normalised User ID. */
    private static String validateRegistration(String clientId, String rawUserId, String deviceLabel, String channel) {
        FieldErrors errors = new FieldErrors();
        errors.check("browser".equals(channel) || "mobile".equals(channel), "channel", "must be browser or mobile");
        errors.check(clientId != null && !clientId.isBlank(), "clientId", "is required");
        String userId = UserIds.normalise(rawUserId).orElse(null);
        errors.check(userId != null, "userId", "must be an e-mail address");
        errors.check(
                deviceLabel == null || deviceLabel.length() <= MAX_DEVICE_LABEL,
                "deviceLabel",
                "must be at most " + MAX_DEVICE_LABEL + " characters");
        errors.throwIfAny();
        return userId;
    }

    @WithTransaction
    Uni<Started> storeRegistration(
            String clientId, String rawUserId, String deviceLabel, String channel, String source) {
        String userId = validateRegistration(clientId, rawUserId, deviceLabel, channel);
        Instant now = clock.instant();
        return projects.findById(clientId)
                .chain(project -> checkProject(project, clientId, userId, channel))
                .call(project -> takeRegistrationBudgets(userId, source, now))
                .chain(project -> {
                    Registration registration = new Registration();
                    registration.id = UUID.randomUUID();
                    registration.clientId = clientId;
                    registration.userId = userId;
                    registration.deviceLabel = deviceLabel;
                    registration.sourceAddress = source;
                    registration.codeMac =
                            keys.codeMac(registration.id, keys.verificationCode(registration.id, CODE_LENGTH));
                    registration.linkTokenHash = sha256(keys.linkToken(registration.id));
                    registration.status = Registration.Status.PENDING;
                    registration.createdAt = now;
                    registration.expiresAt = now.plus(config.verification().codeLifetime());
                    Set<VerificationMethod> methods = project.settings().verificationMethods();
                    QueuedMail mail = new QueuedMail();
                    mail.id = UUID.randomUUID();
                    mail.kind = QueuedMail.Kind.VERIFICATION;
                    mail.registrationId = registration.id;
                    mail.recipient = userId;
                    mail.clientId = clientId;
                    mail.projectName = project.name;
                    mail.withCode = methods.contains(VerificationMethod.EMAIL_CODE);
                    mail.withLink = methods.contains(VerificationMethod.EMAIL_LINK);
                    mail.state = QueuedMail.State.PENDING;
                    mail.createdAt = now;
                    mail.nextAttemptAt = now;
                    mail.expiresAt = registration.expiresAt;
                    return registrations
                            .persist(registration)
                            .call(() -> mails.persist(mail))
                            .map(stored -> new Started(stored.id, methods, stored.expiresAt));
                });
    }

    private Uni<Project> checkProject(Project project, String clientId, String userId, String channel) {
        if (project == null) {
            return Uni.createFrom().failure(RegistrationProblems.projectNotFound(clientId));
        }
        if (!project.enabled) {
            return Uni.createFrom().failure(RegistrationProblems.projectDisabled());
        }
        if ("browser".equals(channel) && !project.browserAllowed) {
            return Uni.createFrom().failure(RegistrationProblems.channelNotAllowed("the browser"));
        }
        if ("mobile".equals(channel) && !project.mobileAllowed) {
            return Uni.createFrom().failure(RegistrationProblems.channelNotAllowed("the mobile app"));
        }
        String domain = UserIds.domainOf(userId);
        if (!project.allowedEmailDomains.isEmpty() && !project.allowedEmailDomains.contains(domain)) {
            return Uni.createFrom().failure(RegistrationProblems.domainNotAllowed(domain));
        }
        return Uni.createFrom().item(project);
    }

    /**
     * One registration of the User ID's budget (across every project) and one of the address's;
     * both are given back with the transaction when the registration fails.
     */
    private Uni<Void> takeRegistrationBudgets(String userId, String source, Instant now) {
        Duration hour = Duration.ofHours(1);
        return budgets.take(
                        EnrolmentBudgetRepository.REGISTRATIONS_PER_USER_ID,
                        userId,
                        config.rateLimit().perUserIdPerHour(),
                        hour,
                        now)
                .chain(withinUserBudget -> withinUserBudget
                        ? budgets.take(
                                EnrolmentBudgetRepository.REGISTRATIONS_PER_ADDRESS,
                                SourceAddresses.budgetSubject(source),
                                config.rateLimit().perAddressPerHour(),
                                hour,
                                now)
                        : Uni.createFrom().item(false))
                .chain(within ->
                        within ? Uni.createFrom().voidItem() : Uni.createFrom().failure(tooManyRegistrations()));
    }

    private static ProblemException tooManyRegistrations() {
        return ProblemException.tooManyRequests(
                "too_many_registrations", "Too many registrations; wait an hour and try again.", 3600);
    }

    /** Where a registration and its verification e-mail stand. */
    public record Status(Registration registration, EmailState email) {}

    /** Where a verification e-mail stands, as the page shows it. */
    public enum EmailState {
        /** Waiting for its first attempt (normally for milliseconds). */
        QUEUED,
        /** An attempt failed (the SMTP server is down or refused it); it is being retried. */
        DELAYED,
        /** Accepted by the SMTP server. */
        SENT,
        /** Not sent before the registration expired. */
        EXPIRED
    }

    /**
     * The status of a registration and of its e-mail (a device polls it while the user opens the
     * link elsewhere, or while the e-mail is delayed).
     */
    @WithSession
    public Uni<Status> getRegistration(UUID id) {
        return registrations
                .findById(id)
                .onItem()
                .ifNull()
                .failWith(RegistrationProblems::registrationNotFound)
                .chain(registration ->
                        mails.findVerification(id).map(mail -> new Status(registration, emailState(mail))));
    }

    private static EmailState emailState(QueuedMail mail) {
        if (mail == null || mail.state == QueuedMail.State.SENT) {
            return EmailState.SENT;
        }
        if (mail.state == QueuedMail.State.EXPIRED) {
            return EmailState.EXPIRED;
        }
        return mail.lastError == null ? EmailState.QUEUED : EmailState.DELAYED;
    }

    /**
     * Verifies a registration with its code or its link token and issues the activation token.
     * Wrong codes are counted (committed even when the answer is an error); the last allowed wrong
     * code voids the registration.
     */
    public Uni<Verified> verifyRegistration(UUID id, String code, String linkToken) {
        return checkVerification(id, code, linkToken).map(outcome -> {
            if (outcome instanceof Verified verified) {
                return verified;
            }
            throw (ProblemException) outcome;
        });
    }

    @WithTransaction
    Uni<Object> checkVerification(UUID id, String code, String linkToken) {
        Instant now = clock.instant();
        return registrations.findForUpdate(id).chain(registration -> {
            if (registration == null) {
                return Uni.createFrom().failure(RegistrationProblems.registrationNotFound());
            }
            if (registration.status == Registration.Status.VOID) {
                return Uni.createFrom().failure(RegistrationProblems.registrationVoid());
            }
            if (registration.status == Registration.Status.VERIFIED) {
                return Uni.createFrom().failure(RegistrationProblems.alreadyVerified());
            }
            if (!registration.expiresAt.isAfter(now)) {
                return Uni.createFrom().failure(RegistrationProblems.registrationExpired());
            }
            return projects.findById(registration.clientId).chain(project -> {
                Set<VerificationMethod> methods = project.settings().verificationMethods();
                if (code != null) {
                    if (!methods.contains(VerificationMethod.EMAIL_CODE)) {
                        return Uni.createFrom().failure(RegistrationProblems.methodNotAllowed("code"));
                    }
                    return checkCode(registration, code.strip(), now);
                } else {
                    if (!methods.contains(VerificationMethod.EMAIL_LINK)) {
                        return Uni.createFrom().failure(RegistrationProblems.methodNotAllowed("link"));
                    }
                    if (!MessageDigest.isEqual(sha256(linkToken), registration.linkTokenHash)) {
                        return Uni.createFrom().failure(RegistrationProblems.wrongLink());
                    }
                }
                return activate(registration, now);
            });
        });
    }

    /**
     * Checks a code within the User ID's daily budget of wrong codes: the attempt takes a unit
     * before the code is compared (so concurrent guesses cannot all be compared) and gives it back
     * when the code is right. Beyond the budget the code is not compared at all.
     */
    private Uni<Object> checkCode(Registration registration, String code, Instant now) {
        return budgets.take(
                        EnrolmentBudgetRepository.WRONG_CODES_PER_USER_ID,
                        registration.userId,
                        config.verification().maxWrongCodesPerUserIdPerDay(),
                        Duration.ofDays(1),
                        now)
                .chain(withinBudget -> {
                    if (!withinBudget) {
                        if (registration.notice == null) {
                            registration.notice = Registration.Notice.DUE;
                        }
                        return Uni.createFrom().item(RegistrationProblems.tooManyWrongCodes());
                    }
                    byte[] presented = keys.codeMac(registration.id, code);
                    if (!MessageDigest.isEqual(presented, registration.codeMac)) {
                        return Uni.createFrom().item(countWrongCode(registration));
                    }
                    return budgets.giveBack(EnrolmentBudgetRepository.WRONG_CODES_PER_USER_ID, registration.userId)
                            .chain(() -> activate(registration, now));
                });
    }

    private Object countWrongCode(Registration registration) {
        registration.attempts++;
        int left = config.verification().maxCodeAttempts() - registration.attempts;
        if (left <= 0) {
            registration.status = Registration.Status.VOID;
            registration.notice = Registration.Notice.DUE;
            return RegistrationProblems.registrationVoid();
        }
        return RegistrationProblems.wrongCode(left);
    }

    private Uni<Object> activate(Registration registration, Instant now) {
        registration.status = Registration.Status.VERIFIED;
        registration.verifiedAt = now;
        Duration lifetime = config.verification().activationTokenLifetime();
        Activation activation = new Activation();
        activation.id = UUID.randomUUID();
        activation.registrationId = registration.id;
        activation.clientId = registration.clientId;
        activation.userId = registration.userId;
        activation.expiresAt = now.plus(lifetime);
        return activations
                .persist(activation)
                .map(stored -> new Verified(
                        tokens.sign(stored.id, registration.id, stored.clientId, stored.userId, now, lifetime),
                        lifetime.toSeconds()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
