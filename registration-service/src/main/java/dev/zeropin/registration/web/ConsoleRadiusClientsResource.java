package dev.zeropin.registration.web;

import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.RadiusClientService.ClientSettings;
import dev.zeropin.registration.service.RadiusClientService.ClientWithSecret;
import dev.zeropin.registration.service.StaticRadiusClients;
import dev.zeropin.registration.service.StaticRadiusClients.StaticClient;
import dev.zeropin.support.problem.FieldErrors;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console's RADIUS clients: list (console-managed and from the gateways' files), create, change, new secret, delete. */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console")
public class ConsoleRadiusClientsResource {

    private final ConsolePages pages;
    private final AdminOperations actions;
    private final StaticRadiusClients staticClients;

    public ConsoleRadiusClientsResource(
            ConsolePages pages, AdminOperations actions, StaticRadiusClients staticClients) {
        this.pages = pages;
        this.actions = actions;
        this.staticClients = staticClients;
    }

    @GET
    @Path("radius-clients")
    @Operation(hidden = true)
    public Uni<Response> radiusClients(
            @CookieParam(ConsoleResource.COOKIE) String cookie, @QueryParam("notice") String notice) {
        return pages.page(cookie, session -> radiusClientsPage(session, ConsolePages.notice(notice), null));
    }

    private Uni<TemplateInstance> radiusClientsPage(ConsoleSession session, String notice, String error) {
        return actions.visibleRadiusClients(session)
                .chain(clients -> actions.visibleProjects(session)
                        .chain(projects -> staticClients.snapshot().map(fromFiles -> {
                            List<StaticClient> visible = fromFiles.clients().stream()
                                    .filter(client -> session.mayManage(client.clientId()))
                                    .toList();
                            return ConsoleTemplates.radiusClients(
                                    BrowserPolicy.IMPORT_MAP,
                                    session,
                                    notice,
                                    error,
                                    clients,
                                    visible,
                                    !fromFiles.known(),
                                    projects);
                        })));
    }

    @POST
    @Path("radius-clients")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> createRadiusClient(
            @CookieParam(ConsoleResource.COOKIE) String cookie, @BeanParam RadiusClientForm form) {
        ClientSettings settings = form.toSettings();
        return pages.action(
                cookie,
                form.csrf,
                session -> actions.createRadiusClient(session, settings)
                        .chain(created -> secretPage(
                                session,
                                "The RADIUS client was created; the gateway applies it within seconds.",
                                created)),
                (session, error) -> radiusClientsPage(session, null, error));
    }

    /** The page of a client that shows its new secret, this once (not a redirect: it must not be reachable again). */
    private Uni<Response> secretPage(ConsoleSession session, String notice, ClientWithSecret shown) {
        return actions.visibleProjects(session)
                .map(projects -> Response.ok(ConsoleTemplates.radiusClient(
                                BrowserPolicy.IMPORT_MAP,
                                session,
                                notice,
                                null,
                                shown.client(),
                                shown.secret(),
                                projects))
                        .build());
    }

    @GET
    @Path("radius-clients/{id}")
    @Operation(hidden = true)
    public Uni<Response> radiusClient(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @PathParam("id") String id,
            @QueryParam("notice") String notice) {
        return pages.page(cookie, session -> radiusClientPage(session, id, ConsolePages.notice(notice), null));
    }

    private Uni<TemplateInstance> radiusClientPage(ConsoleSession session, String id, String notice, String error) {
        return actions.radiusClient(session, radiusClientId(id))
                .chain(client -> actions.visibleProjects(session)
                        .map(projects -> ConsoleTemplates.radiusClient(
                                BrowserPolicy.IMPORT_MAP, session, notice, error, client, null, projects)));
    }

    @POST
    @Path("radius-clients/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> updateRadiusClient(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @PathParam("id") String id,
            @BeanParam RadiusClientForm form) {
        ClientSettings settings = form.toSettings();
        return pages.action(
                cookie,
                form.csrf,
                session -> actions.updateRadiusClient(session, radiusClientId(id), settings)
                        .map(client -> ConsolePages.seeOther(
                                "/admin/radius-clients/" + client.id + "?notice=radius-client-saved")),
                (session, error) -> radiusClientPage(session, id, null, error));
    }

    @POST
    @Path("radius-clients/{id}/rotation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> rotateRadiusSecret(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("overlapHours") String overlapHours) {
        return pages.action(
                cookie,
                csrf,
                session -> {
                    FieldErrors errors = new FieldErrors();
                    int hours = ConsolePages.number(overlapHours, "overlapHours", errors);
                    errors.throwIfAny();
                    return actions.rotateRadiusSecret(session, radiusClientId(id), Duration.ofHours(hours))
                            .chain(rotated -> secretPage(
                                    session,
                                    "A new secret was made; the previous one works until "
                                            + rotated.client().previousSecretValidUntil + ".",
                                    rotated));
                },
                (session, error) -> radiusClientPage(session, id, null, error));
    }

    @POST
    @Path("radius-clients/{id}/deletion")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> deleteRadiusClient(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf) {
        return pages.action(
                cookie,
                csrf,
                session -> actions.deleteRadiusClient(session, radiusClientId(id))
                        .map(client -> ConsolePages.seeOther("/admin/radius-clients?notice=radius-client-deleted")),
                (session, error) -> radiusClientPage(session, id, null, error));
    }

    /** The form of a RADIUS client; the overlap box only ever allows (never forbids) an overlap. */
    public static final class RadiusClientForm {
        @FormParam("csrf")
        public String csrf;

        @FormParam("name")
        public String name;

        @FormParam("address")
        public String address;

        @FormParam("clientId")
        public String clientId;

        @FormParam("requireMessageAuthenticator")
        public String requireMessageAuthenticator;

        @FormParam("allowOverlap")
        public String allowOverlap;

        ClientSettings toSettings() {
            return new ClientSettings(
                    ConsolePages.strip(name),
                    ConsolePages.strip(address),
                    ConsolePages.strip(clientId),
                    ConsolePages.checked(requireMessageAuthenticator),
                    ConsolePages.checked(allowOverlap) ? Boolean.TRUE : null);
        }
    }

    private static UUID radiusClientId(String id) {
        return ConsolePages.uuid(id, "radius_client_not_found", "There is no such RADIUS client.");
    }
}
