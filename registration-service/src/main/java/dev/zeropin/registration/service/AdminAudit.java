package dev.zeropin.registration.service;

import dev.zeropin.registration.AdminAuditType;
import dev.zeropin.registration.AuditEvent;
import dev.zeropin.registration.repository.AuditEventRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * The audit entries of administrators: who (a console administrator's User ID or an admin token's
 * {@code admin:<subject>}), what ({@link AdminAuditType}), which project, from where, and a
 * description that never holds a secret.
 */
@ApplicationScoped
public class AdminAudit {

    private final AuditEventRepository audit;
    private final Clock clock;

    public AdminAudit(AuditEventRepository audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** Records an administrator's action inside the caller's transaction. */
    public Uni<Void> recordInTransaction(Administrator by, AdminAuditType type, String clientId, String detail) {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.occurredAt = clock.instant();
        event.type = type.code();
        event.userId = by.actor();
        event.clientId = clientId;
        event.sourceAddress = by.sourceAddress();
        event.result = "info";
        event.detail = detail;
        return audit.persist(event).replaceWithVoid();
    }

    /** Records an action in its own transaction (after the action's own transaction committed). */
    @WithTransaction
    public Uni<Void> record(Administrator by, AdminAuditType type, String clientId, String detail) {
        return recordInTransaction(by, type, clientId, detail);
    }
}
