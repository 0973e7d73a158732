package dev.zeropin.otp.repository;

import dev.zeropin.mpin.MpinId;
import dev.zeropin.otp.IdentityState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;

/** Wrong-PIN counters and revocations. */
@ApplicationScoped
public class IdentityStateRepository implements PanacheRepositoryBase<IdentityState, String> {

    private static final String ENSURE =
            "INSERT INTO identity_state (mpin_id, client_id, user_id, failures, updated_at)"
                    + " VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (mpin_id) DO NOTHING";

    /**
     * The state of an identity, created when missing and locked until the end of the transaction,
     * so that concurrent proofs of one identity count their failures one after the other.
     */
    public Uni<IdentityState> lockState(MpinId id, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(ENSURE)
                        .setParameter(1, id.hex())
                        .setParameter(2, id.clientId())
                        .setParameter(3, id.userId())
                        .setParameter(4, now)
                        .executeUpdate())
                .chain(() -> findById(id.hex(), LockModeType.PESSIMISTIC_WRITE));
    }
}
