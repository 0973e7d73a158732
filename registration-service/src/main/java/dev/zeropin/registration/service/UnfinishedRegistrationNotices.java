package dev.zeropin.registration.service;

import dev.zeropin.registration.QueuedMail;
import dev.zeropin.registration.Registration;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.repository.EnrolmentBudgetRepository;
import dev.zeropin.registration.repository.ProjectRepository;
import dev.zeropin.registration.repository.QueuedMailRepository;
import dev.zeropin.registration.repository.RegistrationRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Tells the owner of a User ID, by e-mail, of registrations of it that ended unfinished: voided by
 * wrong codes, refused by the daily cap of wrong codes, or expired unverified. At most one notice
 * per User ID within {@code registration.mail.notice-interval}, so that a stranger cannot flood
 * the owner; an expiry without wrong codes is not told when the User ID verified a later
 * registration (the owner's own second try).
 */
@ApplicationScoped
public class UnfinishedRegistrationNotices {

    private final RegistrationRepository registrations;
    private final ProjectRepository projects;
    private final QueuedMailRepository mails;
    private final EnrolmentBudgetRepository budgets;
    private final RegistrationConfig config;

    public UnfinishedRegistrationNotices(
            RegistrationRepository registrations,
            ProjectRepository projects,
            QueuedMailRepository mails,
            EnrolmentBudgetRepository budgets,
            RegistrationConfig config) {
        this.registrations = registrations;
        this.projects = projects;
        this.mails = mails;
        this.budgets = budgets;
        this.config = config;
    }

    /** How many registrations one call looks at, at most. */
    public static final int BATCH = 100;

    /**
     * Stages the notices of up to {@link #BATCH} registrations that ended unfinished by {@code now}.
     *
     * @return the registrations looked at (told or not)
     */
    @WithTransaction
    public Uni<Integer> stageNotices(Instant now) {
        return registrations
                .findUnfinishedForNotice(now, BATCH)
                .chain(ended -> Multi.createFrom()
                        .iterable(ended)
                        .onItem()
                        .transformToUniAndConcatenate(registration -> stageNotice(registration, now))
                        .collect()
                        .asList()
                        .replaceWith(ended.size()));
    }

    private Uni<Boolean> stageNotice(Registration registration, Instant now) {
        boolean plainExpiry = registration.notice == null && registration.attempts == 0;
        registration.notice = Registration.Notice.DONE;
        Uni<Boolean> wanted = plainExpiry
                ? registrations
                        .verifiedSince(registration.userId, registration.createdAt)
                        .map(verified -> !verified)
                : Uni.createFrom().item(true);
        return wanted.chain(want -> want
                        ? budgets.take(
                                EnrolmentBudgetRepository.NOTICES_PER_USER_ID,
                                registration.userId,
                                1,
                                config.mail().noticeInterval(),
                                now)
                        : Uni.createFrom().item(false))
                .chain(within -> within
                        ? projects.findById(registration.clientId)
                                .chain(project -> mails.persist(notice(registration, project.name, now)))
                                .replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    private static QueuedMail notice(Registration registration, String projectName, Instant now) {
        QueuedMail mail = new QueuedMail();
        mail.id = UUID.randomUUID();
        mail.kind = QueuedMail.Kind.UNFINISHED_REGISTRATION;
        mail.registrationId = registration.id;
        mail.recipient = registration.userId;
        mail.clientId = registration.clientId;
        mail.projectName = projectName;
        mail.wrongCodes = registration.attempts;
        mail.state = QueuedMail.State.PENDING;
        mail.createdAt = now;
        mail.nextAttemptAt = now;
        mail.expiresAt = now.plus(Duration.ofDays(1));
        return mail;
    }
}
