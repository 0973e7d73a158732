package dev.zeropin.registration.web;

import dev.zeropin.events.UserIds;
import dev.zeropin.registration.AuditEvent;
import dev.zeropin.registration.Identity;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.AuditService;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.support.problem.FieldErrors;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console's identities: a project's identities (of one User ID), their last use, revocation. */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console")
public class ConsoleIdentitiesResource {

    private final ConsolePages pages;
    private final AdminOperations actions;
    private final AuditService audit;

    public ConsoleIdentitiesResource(ConsolePages pages, AdminOperations actions, AuditService audit) {
        this.pages = pages;
        this.actions = actions;
        this.audit = audit;
    }

    /** An identity as the console lists it. */
    public record IdentityRow(
            String mpinId,
            String userId,
            String deviceLabel,
            Instant createdAt,
            Instant lastUsed,
            String state,
            String revokedReason) {}

    @GET
    @Path("identities")
    @Operation(hidden = true)
    public Uni<Response> identities(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @QueryParam("clientId") String clientId,
            @QueryParam("userId") String userId,
            @QueryParam("notice") String notice) {
        return pages.page(
                cookie, session -> identitiesPage(session, clientId, userId, ConsolePages.notice(notice), null));
    }

    private Uni<TemplateInstance> identitiesPage(
            ConsoleSession session, String clientId, String rawUserId, String notice, String error) {
        return actions.visibleProjects(session).chain(projects -> {
            String chosen = clientId != null && !clientId.isBlank()
                    ? clientId
                    : projects.isEmpty() ? null : projects.get(0).clientId;
            String userId = rawUserId == null || rawUserId.isBlank()
                    ? null
                    : UserIds.normalise(rawUserId).orElse(null);
            String problem = error;
            if (rawUserId != null && !rawUserId.isBlank() && userId == null) {
                problem = "User ID: must be an e-mail address.";
            }
            if (chosen == null) {
                return Uni.createFrom()
                        .item(ConsoleTemplates.identities(
                                BrowserPolicy.IMPORT_MAP,
                                session,
                                notice,
                                problem,
                                projects,
                                null,
                                rawUserId,
                                List.of(),
                                List.of()));
            }
            String shownError = problem;
            return actions.identities(session, chosen, userId)
                    .chain(list -> audit.lastUsed(list.stream()
                                    .map(identity -> identity.mpinId)
                                    .toList())
                            .chain(lastUsed -> (userId == null
                                            ? Uni.createFrom().item(List.<AuditEvent>of())
                                            : audit.recentLoginsOf(chosen, userId))
                                    .map(recent -> ConsoleTemplates.identities(
                                            BrowserPolicy.IMPORT_MAP,
                                            session,
                                            notice,
                                            shownError,
                                            projects,
                                            chosen,
                                            userId != null ? userId : rawUserId,
                                            list.stream()
                                                    .map(identity -> row(identity, lastUsed.get(identity.mpinId)))
                                                    .toList(),
                                            recent))));
        });
    }

    private static IdentityRow row(Identity identity, Instant lastUsed) {
        return new IdentityRow(
                identity.mpinId,
                identity.userId,
                identity.deviceLabel,
                identity.createdAt.truncatedTo(ChronoUnit.SECONDS),
                lastUsed == null ? null : lastUsed.truncatedTo(ChronoUnit.SECONDS),
                identity.state.name(),
                identity.revokedReason);
    }

    @POST
    @Path("identities/revocation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revokeIdentity(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("mpinId") String mpinId,
            @FormParam("clientId") String clientId,
            @FormParam("userId") String userId) {
        return pages.action(
                cookie,
                csrf,
                session -> actions.revokeIdentity(session, mpinId)
                        .map(ignored -> ConsolePages.seeOther(identitiesUrl(clientId, userId, "identity-revoked"))),
                (session, error) -> identitiesPage(session, clientId, userId, null, error));
    }

    @POST
    @Path("users/revocation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revokeUser(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("clientId") String clientId,
            @FormParam("userId") String userId) {
        return pages.action(
                cookie,
                csrf,
                session -> {
                    String normal = UserIds.normalise(userId)
                            .orElseThrow(() -> FieldErrors.validationFailed(
                                    List.of(new FieldErrors.FieldError("userId", "must be an e-mail address"))));
                    return actions.revokeUser(session, clientId, normal)
                            .map(count -> ConsolePages.seeOther(identitiesUrl(clientId, normal, "user-revoked")));
                },
                (session, error) -> identitiesPage(session, clientId, userId, null, error));
    }

    private static String identitiesUrl(String clientId, String userId, String notice) {
        return "/admin/identities?clientId=" + ConsolePages.encode(clientId)
                + (userId == null ? "" : "&userId=" + ConsolePages.encode(userId)) + "&notice=" + notice;
    }
}
