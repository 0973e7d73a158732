package dev.zeropin.registration.web;

import dev.zeropin.registration.RadiusClient;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.ConsoleAccessService;
import dev.zeropin.registration.service.ConsoleAccessService.NoSession;
import dev.zeropin.registration.service.ConsoleFigures;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The admin console: server-rendered pages under {@code /admin}. Administrators sign in with a PIN
 * proof of one of their ZeroPIN identities (no password); the session lives in the database and
 * travels as an HttpOnly, SameSite=Strict cookie signed by this service. Every form carries the
 * session's CSRF token and answers with a redirect (post/redirect/get), except the ones that show
 * a new RADIUS secret or sign-in link, which must not be reachable again. This resource holds
 * sign-in, sign-out and the dashboard; each other area has its own resource ({@code Console*Resource})
 * over the shared {@link ConsolePages} plumbing, and changes go through {@link AdminOperations}.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console")
public class ConsoleResource {

    /** The name of the session cookie. */
    public static final String COOKIE = "zeropin_console";

    private final ConsolePages pages;
    private final ConsoleAccessService access;
    private final AdminOperations actions;
    private final ConsoleFigures figures;

    public ConsoleResource(
            ConsolePages pages, ConsoleAccessService access, AdminOperations actions, ConsoleFigures figures) {
        this.pages = pages;
        this.access = access;
        this.actions = actions;
        this.figures = figures;
    }

    // ---- sign-in, bootstrap, sign-out ----

    @GET
    @Operation(hidden = true)
    public Response index() {
        return ConsolePages.seeOther("/admin/dashboard");
    }

    @GET
    @Path("sign-in")
    @Operation(hidden = true)
    public TemplateInstance signInPage() {
        return ConsoleTemplates.signIn(BrowserPolicy.IMPORT_MAP, "sign-in");
    }

    @GET
    @Path("bootstrap")
    @Operation(hidden = true)
    public TemplateInstance bootstrapPage() {
        return ConsoleTemplates.signIn(BrowserPolicy.IMPORT_MAP, "bootstrap");
    }

    /** The page of a sign-in link: it enrols an identity of the allowed User ID (sent to POST bootstrap). */
    @GET
    @Path("enrol")
    @Operation(hidden = true)
    public TemplateInstance enrolPage() {
        return ConsoleTemplates.signIn(BrowserPolicy.IMPORT_MAP, "enrol");
    }

    /** The code of a bootstrap link, sent by the sign-in page's script. */
    public record BootstrapRequest(String code) {}

    @POST
    @Path("session")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Open a console session with an identity assertion (purpose admin-login) of an allowed User ID")
    public Uni<Response> openSession(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http) {
        return access.signIn(authorization, ConsolePages.sourceAddress(http)).map(pages::withCookie);
    }

    @POST
    @Path("bootstrap")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Redeem a one-time bootstrap link (become a global administrator) or sign-in link (enrol the"
                    + " identity of an allowed User ID) with an identity assertion")
    public Uni<Response> redeemBootstrap(
            BootstrapRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http) {
        String code = request == null ? null : request.code();
        return access.redeemBootstrap(code, authorization, ConsolePages.sourceAddress(http))
                .map(pages::withCookie);
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> signOut(@CookieParam(ConsoleResource.COOKIE) String cookie, @FormParam("csrf") String csrf) {
        return access.requireSession(cookie, csrf)
                .chain(access::endSession)
                .map(ignored -> Response.seeOther(URI.create("/admin/sign-in"))
                        .cookie(pages.expiredCookie())
                        .build())
                .onFailure(NoSession.class)
                .recoverWithItem(ConsolePages::toSignIn);
    }

    // ---- dashboard ----

    @GET
    @Path("dashboard")
    @Operation(hidden = true)
    public Uni<Response> dashboard(@CookieParam(ConsoleResource.COOKIE) String cookie) {
        return pages.page(
                cookie,
                session -> figures.computeFigures(session)
                        .chain(numbers -> actions.visibleRadiusClients(session).map(clients -> {
                            List<RadiusClient> legacy = clients.stream()
                                    .filter(client -> !client.requireMessageAuthenticator)
                                    .toList();
                            String p95 = numbers.p95LatencyMillis() == null
                                    ? "–"
                                    : String.format(Locale.ROOT, "%.1f ms", numbers.p95LatencyMillis());
                            return ConsoleTemplates.dashboard(
                                    BrowserPolicy.IMPORT_MAP,
                                    session,
                                    numbers,
                                    p95,
                                    SvgCharts.loginsPerMinute(numbers.lastHour(), "Logins per minute, last hour"),
                                    SvgCharts.perNas(numbers.nasLastDay(), "Accepts, rejects and drops per NAS"),
                                    legacy);
                        })));
    }
}
