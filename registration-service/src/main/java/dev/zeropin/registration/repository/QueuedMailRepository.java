package dev.zeropin.registration.repository;

import dev.zeropin.registration.QueuedMail;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** E-mails waiting for the SMTP server, and those sent. */
@ApplicationScoped
public class QueuedMailRepository implements PanacheRepositoryBase<QueuedMail, UUID> {

    /** The verification e-mail of a registration, or null. */
    public Uni<QueuedMail> findVerification(UUID registrationId) {
        return find("registrationId = ?1 and kind = ?2", registrationId, QueuedMail.Kind.VERIFICATION)
                .firstResult();
    }
}
