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
}
