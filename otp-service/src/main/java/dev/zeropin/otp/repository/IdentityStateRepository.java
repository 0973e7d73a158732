package dev.zeropin.otp.repository;

import dev.zeropin.mpin.MpinId;
import dev.zeropin.otp.IdentityState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;

/** The identities otp-service knows: wrong-PIN runs, locks, revocations, cached points. */
@ApplicationScoped
public class IdentityStateRepository implements PanacheRepositoryBase<IdentityState, String> {

    private static final String ENSURE =
            "INSERT INTO identity_state (mpin_id, client_id, user_id, failures, updated_at)"
                    + " VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (mpin_id) DO NOTHING";

    private static final String REGISTER = "INSERT INTO identity_state"
            + " (mpin_id, client_id, user_id, failures, hid, updated_at)"
            + " SELECT ?1, ?2, ?3, COALESCE((SELECT attempts FROM unconfirmed_identity WHERE mpin_id = ?1), 0), ?4, ?5"
            + " ON CONFLICT (mpin_id) DO UPDATE SET hid = COALESCE(identity_state.hid, excluded.hid)";

    private static final String RECORD_SUCCESS = "INSERT INTO identity_state"
            + " (mpin_id, client_id, user_id, failures, hid, updated_at) VALUES (?1, ?2, ?3, 0, ?4, ?5)"
            + " ON CONFLICT (mpin_id) DO UPDATE SET failures = 0, locked_until = NULL,"
            + " hid = COALESCE(identity_state.hid, excluded.hid), updated_at = excluded.updated_at"
            + " WHERE identity_state.revoked_at IS NULL";

    private static final String FORGET_UNCONFIRMED = "DELETE FROM unconfirmed_identity WHERE mpin_id = ?1";

    /**
     * Records an identity announced by registration-service ({@code identity.registered}), with its
     * point; attempts counted before the announcement arrived carry over.
     */
    public Uni<Void> register(MpinId id, byte[] hid, Instant now) {
        return upsert(REGISTER, id, hid, now).chain(() -> forgetUnconfirmed(id)).replaceWithVoid();
    }

    /**
     * A successful proof: the run of wrong PINs and any lock end; an identity not known before is
     * known from now on (only a client secret issued with the master secret passes a proof).
     *
     * @return 1, or 0 when the identity is revoked
     */
    public Uni<Integer> recordSuccess(MpinId id, byte[] hid, Instant now) {
        return upsert(RECORD_SUCCESS, id, hid, now);
    }

    private Uni<Integer> upsert(String sql, MpinId id, byte[] hid, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql)
                        .setParameter(1, id.hex())
                        .setParameter(2, id.clientId())
                        .setParameter(3, id.userId())
                        .setParameter(4, hid)
                        .setParameter(5, now)
                        .executeUpdate());
    }

    /** Drops the count of an mpinId's attempts before it was known. */
    public Uni<Integer> forgetUnconfirmed(MpinId id) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(FORGET_UNCONFIRMED)
                        .setParameter(1, id.hex())
                        .executeUpdate());
    }

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
