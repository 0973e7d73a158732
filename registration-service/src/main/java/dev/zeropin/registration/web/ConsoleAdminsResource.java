package dev.zeropin.registration.web;

import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.ConsoleAccessService;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.ConsoleAccessService.SignInLink;
import dev.zeropin.support.problem.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console's administrators (global administrators only): grants, enrolled identities, sign-in links. */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console")
public class ConsoleAdminsResource {

    private final ConsolePages pages;
    private final ConsoleAccessService access;
    private final AdminOperations actions;

    public ConsoleAdminsResource(ConsolePages pages, ConsoleAccessService access, AdminOperations actions) {
        this.pages = pages;
        this.access = access;
        this.actions = actions;
    }

    @GET
    @Path("admins")
    @Operation(hidden = true)
    public Uni<Response> admins(
            @CookieParam(ConsoleResource.COOKIE) String cookie, @QueryParam("notice") String notice) {
        return pages.page(cookie, session -> adminsPage(session, ConsolePages.notice(notice), null, null));
    }

    private Uni<TemplateInstance> adminsPage(
            ConsoleSession session, String notice, String error, SignInLink signInLink) {
        if (!session.global()) {
            return Uni.createFrom()
                    .failure(ProblemException.forbidden(
                            "global_admin_required", "Only global administrators can do this."));
        }
        return access.listGrants()
                .chain(grants -> access.listEnrolments()
                        .chain(enrolments -> actions.visibleProjects(session)
                                .map(projects -> ConsoleTemplates.admins(
                                        BrowserPolicy.IMPORT_MAP,
                                        session,
                                        notice,
                                        error,
                                        grants,
                                        enrolments,
                                        signInLink,
                                        projects))));
    }

    @POST
    @Path("admins")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> grantAccess(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("userId") String userId,
            @FormParam("clientId") String clientId) {
        // Not a redirect: the page shows the new sign-in link once.
        return pages.action(
                cookie,
                csrf,
                session -> access.grantAccess(session, userId, ConsolePages.blank(clientId))
                        .chain(link -> adminsPage(session, ConsolePages.NOTICES.get("access-granted"), null, link))
                        .map(page -> Response.ok(page).build()),
                (session, error) -> adminsPage(session, null, error, null));
    }

    @POST
    @Path("admins/removal")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revokeAccess(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("grantId") String grantId) {
        return pages.action(
                cookie,
                csrf,
                session -> access.revokeAccess(
                                session, ConsolePages.uuid(grantId, "grant_not_found", "There is no such grant."))
                        .map(ignored -> ConsolePages.seeOther("/admin/admins?notice=access-revoked")),
                (session, error) -> adminsPage(session, null, error, null));
    }
}
