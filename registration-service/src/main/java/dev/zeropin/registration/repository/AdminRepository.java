package dev.zeropin.registration.repository;

import dev.zeropin.registration.AdminBootstrap;
import dev.zeropin.registration.AdminGrant;
import dev.zeropin.registration.AdminIdentity;
import dev.zeropin.registration.AdminSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/** Console grants, enrolled identities, sessions and bootstrap and sign-in links. */
@ApplicationScoped
public class AdminRepository {

    private static final String MAY_OPEN_CONSOLE = "SELECT count(*) FROM admin_identity a"
            + " JOIN identity i ON i.mpin_id = a.mpin_id"
            + " WHERE a.mpin_id = ?1 AND a.user_id = ?2 AND i.state = 'ACTIVE'";

    /**
     * Whether {@code mpinId} is an identity of {@code userId} enrolled for the console and still
     * ACTIVE in this service (not revoked by its user, an administrator or three wrong PINs).
     */
    public Uni<Boolean> isEnrolledAndActive(String mpinId, String userId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(MAY_OPEN_CONSOLE, Long.class)
                        .setParameter(1, mpinId)
                        .setParameter(2, userId)
                        .getSingleResult())
                .map(count -> count > 0);
    }

    /** Whether {@code mpinId} is ACTIVE in this service. */
    public Uni<Boolean> isActive(String mpinId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT count(*) FROM identity WHERE mpin_id = ?1 AND state = 'ACTIVE'", Long.class)
                        .setParameter(1, mpinId)
                        .getSingleResult())
                .map(count -> count > 0);
    }

    public Uni<AdminIdentity> findEnrolment(String mpinId) {
        return AdminIdentity.findById(mpinId);
    }

    public Uni<List<AdminIdentity>> listEnrolments() {
        return AdminIdentity.listAll(Sort.by("userId").and("enrolledAt"));
    }

    /** Forgets the enrolled identities and unused sign-in links of a User ID (its last grant is gone). */
    public Uni<Void> forgetEnrolments(String userId) {
        return AdminIdentity.delete("userId", userId)
                .chain(() -> AdminBootstrap.delete("userId = ?1 and usedAt is null", userId))
                .replaceWithVoid();
    }

    public Uni<List<AdminGrant>> grantsOf(String userId) {
        return AdminGrant.list("userId", userId);
    }

    public Uni<List<AdminGrant>> listGrants() {
        return AdminGrant.listAll(Sort.by("userId").and("clientId"));
    }

    public Uni<Long> countGlobalAdmins() {
        return AdminGrant.count("clientId is null");
    }

    public Uni<AdminGrant> findGrant(UUID id) {
        return AdminGrant.findById(id);
    }

    public Uni<AdminSession> findSession(UUID id) {
        return AdminSession.findById(id);
    }

    public Uni<AdminBootstrap> findBootstrapForUpdate(byte[] codeHash) {
        return AdminBootstrap.find("codeHash", (Object) codeHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public <T> Uni<T> persist(T entity) {
        return Panache.getSession().chain(session -> session.persist(entity).replaceWith(entity));
    }

    public Uni<Void> delete(Object entity) {
        return Panache.getSession().chain(session -> session.remove(entity));
    }
}
