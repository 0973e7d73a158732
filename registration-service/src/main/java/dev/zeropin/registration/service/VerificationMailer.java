package dev.zeropin.registration.service;

import dev.zeropin.registration.AppMessages;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.i18n.MessageBundles;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends the e-mails of the enrolment path through the configured SMTP server (from {@link MailQueue}). */
@ApplicationScoped
public class VerificationMailer {

    @CheckedTemplate
    static class Templates {
        static native MailTemplateInstance verification(
                String projectName, String userId, String code, String link, long validMinutes);

        static native MailTemplateInstance unfinished(String projectName, String userId, int wrongCodes);
    }

    /**
     * Sends the verification e-mail; {@code code} or {@code link} may be null when the project does
     * not allow that method.
     */
    public Uni<Void> sendVerification(String to, String projectName, String code, String link, long validMinutes) {
        return Templates.verification(projectName, to, code, link, validMinutes)
                .to(to)
                .subject(MessageBundles.get(AppMessages.class).mail_verification_subject(projectName))
                .send();
    }

    /** Tells the owner of a User ID that a registration of it ended unfinished. */
    public Uni<Void> sendUnfinishedNotice(String to, String projectName, int wrongCodes) {
        return Templates.unfinished(projectName, to, wrongCodes)
                .to(to)
                .subject(MessageBundles.get(AppMessages.class).mail_unfinished_subject(projectName))
                .send();
    }
}
