package dev.zeropin.registration.rest;

import dev.zeropin.events.UserIds;
import dev.zeropin.registration.service.AuditService;
import dev.zeropin.support.problem.FieldErrors;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for the audit trail (usage history of every user and NAS). */
@Path("/api/v1/admin/audit")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: audit")
@SecurityRequirement(name = "adminToken")
public class AdminAuditResource {

    private static final Set<String> RESULTS = Set.of("success", "failure", "info", "dropped");

    private final AuditService audit;

    public AdminAuditResource(AuditService audit) {
        this.audit = audit;
    }

    /** One audit entry. */
    public record AuditView(
            String id,
            String occurredAt,
            String type,
            String clientId,
            String userId,
            String mpinId,
            String nasName,
            String sourceAddress,
            String result,
            String detail) {}

    @GET
    @Operation(summary = "Search the audit trail by project, user, NAS, result and time range (newest first)")
    public Uni<List<AuditView>> searchAudit(
            @QueryParam("clientId") String clientId,
            @QueryParam("userId") String userId,
            @QueryParam("nasName") String nasName,
            @QueryParam("result") String result,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        FieldErrors errors = new FieldErrors();
        String normalUser = userId == null ? null : UserIds.normalise(userId).orElse(null);
        errors.check(userId == null || normalUser != null, "userId", "must be an e-mail address");
        errors.check(result == null || RESULTS.contains(result), "result", "must be one of " + RESULTS);
        errors.check(limit >= 1 && limit <= AuditService.MAX_PAGE, "limit", "must be 1 to " + AuditService.MAX_PAGE);
        Instant fromTime = parse(from, "from", errors);
        Instant toTime = parse(to, "to", errors);
        errors.throwIfAny();
        return audit.searchAudit(clientId, normalUser, nasName, result, fromTime, toTime, limit)
                .map(events -> events.stream()
                        .map(event -> new AuditView(
                                event.id.toString(),
                                event.occurredAt.toString(),
                                event.type,
                                event.clientId,
                                event.userId,
                                event.mpinId,
                                event.nasName,
                                event.sourceAddress,
                                event.result,
                                event.detail))
                        .toList());
    }

    private static Instant parse(String value, String field, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z");
            return null;
        }
    }
}
