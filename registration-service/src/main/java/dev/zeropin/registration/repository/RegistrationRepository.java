package dev.zeropin.registration.repository;

import dev.zeropin.registration.Registration;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Registrations in progress. */
@ApplicationScoped
public class RegistrationRepository implements PanacheRepositoryBase<Registration, UUID> {

    /**
     * Registrations that ended unfinished and whose owner was not told yet: marked for a notice
     * (void, refused by the daily cap) or expired unverified; locked until the end of the
     * transaction.
     */
    public Uni<List<Registration>> findUnfinishedForNotice(Instant now, int max) {
        return find(
                        "notice = ?1 or (notice is null and status = ?2 and expiresAt <= ?3) order by expiresAt",
                        Registration.Notice.DUE,
                        Registration.Status.PENDING,
                        now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, max)
                .list();
    }

    /** Whether the User ID verified a registration created after {@code since}. */
    public Uni<Boolean> verifiedSince(String userId, Instant since) {
        return count("userId = ?1 and status = ?2 and createdAt > ?3", userId, Registration.Status.VERIFIED, since)
                .map(count -> count > 0);
    }

    /** The registration, locked until the end of the transaction (its attempts are counted). */
    public Uni<Registration> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
