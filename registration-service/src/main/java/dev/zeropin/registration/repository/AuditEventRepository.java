package dev.zeropin.registration.repository;

import dev.zeropin.registration.AuditEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The usage history. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepositoryBase<AuditEvent, UUID> {

    /** The newest events of one identity and of its user's RADIUS logins. */
    public Uni<List<AuditEvent>> listForIdentity(String mpinId, String clientId, String userId, int limit) {
        return find(
                        "mpinId = :mpinId or (clientId = :clientId and userId = :userId and mpinId is null)",
                        Sort.descending("occurredAt"),
                        Parameters.with("mpinId", mpinId)
                                .and("clientId", clientId)
                                .and("userId", userId))
                .page(Page.ofSize(limit))
                .list();
    }

    /** A filtered page of the audit trail, newest first; null filters are ignored. */
    public Uni<List<AuditEvent>> search(
            String clientId, String userId, String nasName, String result, Instant from, Instant to, int limit) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (clientId != null) {
            conditions.add("clientId = :clientId");
            parameters.and("clientId", clientId);
        }
        if (userId != null) {
            conditions.add("userId = :userId");
            parameters.and("userId", userId);
        }
        if (nasName != null) {
            conditions.add("nasName = :nasName");
            parameters.and("nasName", nasName);
        }
        if (result != null) {
            conditions.add("result = :result");
            parameters.and("result", result);
        }
        if (from != null) {
            conditions.add("occurredAt >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            conditions.add("occurredAt < :to");
            parameters.and("to", to);
        }
        String query = conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
        return find(query, Sort.descending("occurredAt"), parameters)
                .page(Page.ofSize(limit))
                .list();
    }
}
