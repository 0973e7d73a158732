package dev.zeropin.registration.web;

import dev.zeropin.events.UserIds;
import dev.zeropin.registration.AuditEvent;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.AuditService;
import dev.zeropin.registration.service.ConsoleAccessService;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.ConsoleAccessService.NoSession;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console's audit trail: filtered page and CSV export (the export is itself audited). */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console")
public class ConsoleAuditResource {

    static final List<String> AUDIT_RESULTS = List.of("success", "failure", "dropped", "info");
    private static final int AUDIT_PAGE = 500;
    private static final int AUDIT_EXPORT = 10_000;

    private final ConsolePages pages;
    private final ConsoleAccessService access;
    private final AdminOperations actions;
    private final AuditService audit;

    public ConsoleAuditResource(
            ConsolePages pages, ConsoleAccessService access, AdminOperations actions, AuditService audit) {
        this.pages = pages;
        this.access = access;
        this.actions = actions;
        this.audit = audit;
    }

    /** The audit filter as the form sends it back. */
    public record AuditFilter(String clientId, String userId, String nasName, String result, String from, String to) {}

    /** The audit filter's query parameters (the page and its CSV export). */
    public static final class AuditQuery {
        @QueryParam("clientId")
        public String clientId;

        @QueryParam("userId")
        public String userId;

        @QueryParam("nasName")
        public String nasName;

        @QueryParam("result")
        public String result;

        @QueryParam("from")
        public String from;

        @QueryParam("to")
        public String to;

        AuditFilter toFilter() {
            return new AuditFilter(
                    ConsolePages.blank(clientId),
                    ConsolePages.blank(userId),
                    ConsolePages.blank(nasName),
                    ConsolePages.blank(result),
                    ConsolePages.blank(from),
                    ConsolePages.blank(to));
        }
    }

    @GET
    @Path("audit")
    @Operation(hidden = true)
    public Uni<Response> audit(@CookieParam(ConsoleResource.COOKIE) String cookie, @BeanParam AuditQuery query) {
        AuditFilter filter = query.toFilter();
        return pages.page(
                cookie,
                session -> actions.visibleProjects(session).chain(projects -> {
                    String error = null;
                    List<AuditEvent> none = List.of();
                    Uni<List<AuditEvent>> events;
                    try {
                        events = search(session, filter, AUDIT_PAGE);
                    } catch (ProblemException e) {
                        error = ConsolePages.describe(e);
                        events = Uni.createFrom().item(none);
                    }
                    String shownError = error;
                    return events.map(list -> ConsoleTemplates.audit(
                            BrowserPolicy.IMPORT_MAP,
                            session,
                            shownError,
                            projects,
                            filter,
                            AUDIT_RESULTS,
                            list,
                            query(filter)));
                }));
    }

    @GET
    @Path("audit.csv")
    @Produces("text/csv")
    @Operation(hidden = true)
    public Uni<Response> auditCsv(@CookieParam(ConsoleResource.COOKIE) String cookie, @BeanParam AuditQuery query) {
        AuditFilter filter = query.toFilter();
        return access.requireSession(cookie)
                .chain(session -> search(session, filter, AUDIT_EXPORT)
                        .call(list -> actions.recordAuditExport(session, filter.clientId(), list.size())))
                .map(list -> Response.ok(AuditCsv.write(list), "text/csv; charset=utf-8")
                        .header(
                                "Content-Disposition",
                                "attachment; filename=\"zeropin-audit-"
                                        + Instant.now()
                                                .truncatedTo(ChronoUnit.SECONDS)
                                                .toString()
                                                .replace(':', '-')
                                        + ".csv\"")
                        .build())
                .onFailure(NoSession.class)
                .recoverWithItem(ConsolePages::toSignIn);
    }

    private Uni<List<AuditEvent>> search(ConsoleSession session, AuditFilter filter, int limit) {
        FieldErrors errors = new FieldErrors();
        Instant from = time(filter.from(), "from", errors);
        Instant to = time(filter.to(), "to", errors);
        errors.check(
                filter.result() == null || AUDIT_RESULTS.contains(filter.result()),
                "result",
                "must be one of " + AUDIT_RESULTS);
        errors.throwIfAny();
        if (filter.clientId() != null) {
            AdminOperations.requireProject(session, filter.clientId());
        }
        String userId = filter.userId() == null
                ? null
                : UserIds.normalise(filter.userId()).orElse(filter.userId());
        return audit.searchAudit(
                filter.clientId(),
                session.global() ? null : session.projects(),
                userId,
                filter.nasName(),
                filter.result(),
                from,
                to,
                limit);
    }

    private static Instant time(String text, String field, FieldErrors errors) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.add(field, "must be a date and time such as 2026-11-28T09:30");
            return null;
        }
    }

    private static String query(AuditFilter filter) {
        List<String> parts = new ArrayList<>();
        add(parts, "clientId", filter.clientId());
        add(parts, "userId", filter.userId());
        add(parts, "nasName", filter.nasName());
        add(parts, "result", filter.result());
        add(parts, "from", filter.from());
        add(parts, "to", filter.to());
        return String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null) {
            parts.add(name + "=" + ConsolePages.encode(value));
        }
    }
}
