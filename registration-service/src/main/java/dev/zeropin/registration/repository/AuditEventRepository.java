package dev.zeropin.registration.repository;

import dev.zeropin.events.AuthEvents;
import dev.zeropin.events.EventType;
import dev.zeropin.registration.AuditEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The usage history. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepositoryBase<AuditEvent, UUID> {

    private static final String AUTHENTICATED = AuthEvents.AuthenticationSucceeded.class
            .getAnnotation(EventType.class)
            .value();

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

    /** The newest entries about a user of a project (every identity, RADIUS and OTP use). */
    public Uni<List<AuditEvent>> listForUser(String clientId, String userId, int limit) {
        return find(
                        "clientId = :clientId and userId = :userId and type not like 'admin.%'",
                        Sort.descending("occurredAt"),
                        Parameters.with("clientId", clientId).and("userId", userId))
                .page(Page.ofSize(limit))
                .list();
    }

    /** The time of each identity's newest successful PIN proof. */
    public Uni<Map<String, Instant>> lastAuthenticated(Collection<String> mpinIds) {
        return getSession()
                .chain(session -> session.createQuery(
                                "select mpinId, max(occurredAt) from AuditEvent where mpinId in :ids"
                                        + " and type = :type group by mpinId",
                                Object[].class)
                        .setParameter("ids", mpinIds)
                        .setParameter("type", AUTHENTICATED)
                        .getResultList())
                .map(rows -> {
                    Map<String, Instant> last = new HashMap<>();
                    rows.forEach(row -> last.put((String) row[0], (Instant) row[1]));
                    return last;
                });
    }

    /**
     * A filtered page of the audit trail, newest first; null filters are ignored, a non-null
     * {@code scope} limits the entries to those projects.
     */
    public Uni<List<AuditEvent>> search(
            String clientId,
            Collection<String> scope,
            String userId,
            String nasName,
            String result,
            Instant from,
            Instant to,
            int limit) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (clientId != null) {
            conditions.add("clientId = :clientId");
            parameters.and("clientId", clientId);
        }
        if (scope != null) {
            conditions.add("clientId in :scope");
            parameters.and("scope", scope.isEmpty() ? List.of("") : scope);
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
