package dev.zeropin.otp.repository;

import dev.zeropin.otp.AuthSession;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** Pass-1 sessions. */
@ApplicationScoped
public class AuthSessionRepository implements PanacheRepositoryBase<AuthSession, UUID> {

    /** The session, locked until the end of the transaction (pass 2 consumes it). */
    public Uni<AuthSession> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
