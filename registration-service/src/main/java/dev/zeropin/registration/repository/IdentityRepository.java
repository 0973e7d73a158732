package dev.zeropin.registration.repository;

import dev.zeropin.registration.Identity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Registered identities. */
@ApplicationScoped
public class IdentityRepository implements PanacheRepositoryBase<Identity, String> {

    /** The identity, locked until the end of the transaction. */
    public Uni<Identity> findForUpdate(String mpinId) {
        return findById(mpinId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Identities of a project, optionally of one User ID, newest first. */
    public Uni<java.util.List<Identity>> listIdentities(String clientId, String userId) {
        if (userId == null) {
            return list("clientId", io.quarkus.panache.common.Sort.descending("createdAt"), clientId);
        }
        return list(
                "clientId = ?1 and userId = ?2",
                io.quarkus.panache.common.Sort.descending("createdAt"),
                clientId,
                userId);
    }

    /** The active identities of a User ID, locked until the end of the transaction. */
    public Uni<java.util.List<Identity>> findActiveForUpdate(String clientId, String userId) {
        return find("clientId = ?1 and userId = ?2 and state = ?3", clientId, userId, Identity.State.ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }
}
