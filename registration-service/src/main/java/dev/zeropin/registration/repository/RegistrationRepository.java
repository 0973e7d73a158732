package dev.zeropin.registration.repository;

import dev.zeropin.registration.Registration;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/** Registrations in progress. */
@ApplicationScoped
public class RegistrationRepository implements PanacheRepositoryBase<Registration, UUID> {

    /** The registration, locked until the end of the transaction (its attempts are counted). */
    public Uni<Registration> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Registrations of a User ID of a project since {@code since}. */
    public Uni<Long> countForUser(String clientId, String userId, Instant since) {
        return count("clientId = ?1 and userId = ?2 and createdAt > ?3", clientId, userId, since);
    }

    /** Registrations from a source address since {@code since}. */
    public Uni<Long> countFromAddress(String sourceAddress, Instant since) {
        return count("sourceAddress = ?1 and createdAt > ?2", sourceAddress, since);
    }
}
