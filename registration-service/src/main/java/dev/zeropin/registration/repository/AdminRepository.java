package dev.zeropin.registration.repository;

import dev.zeropin.registration.AdminBootstrap;
import dev.zeropin.registration.AdminGrant;
import dev.zeropin.registration.AdminSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/** Console grants, sessions and bootstrap links. */
@ApplicationScoped
public class AdminRepository {

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
