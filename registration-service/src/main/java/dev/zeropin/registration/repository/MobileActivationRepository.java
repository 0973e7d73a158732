package dev.zeropin.registration.repository;

import dev.zeropin.registration.MobileActivation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** QR activation links. */
@ApplicationScoped
public class MobileActivationRepository implements PanacheRepositoryBase<MobileActivation, UUID> {

    /** The activation with this code hash, locked until the end of the transaction. */
    public Uni<MobileActivation> findByCodeHashForUpdate(byte[] codeHash) {
        return find("codeHash", (Object) codeHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
