package dev.zeropin.registration.web;

import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.events.UserIds;
import dev.zeropin.registration.AdminGrant;
import dev.zeropin.registration.AdminIdentity;
import dev.zeropin.registration.AuditEvent;
import dev.zeropin.registration.Identity;
import dev.zeropin.registration.Project;
import dev.zeropin.registration.RadiusClient;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.rest.AdminCallers;
import dev.zeropin.registration.rest.ProjectView;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.AuditService;
import dev.zeropin.registration.service.ConsoleAccessService;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.ConsoleAccessService.NoSession;
import dev.zeropin.registration.service.ConsoleAccessService.SignInLink;
import dev.zeropin.registration.service.ConsoleFigures;
import dev.zeropin.registration.service.ConsoleFigures.Figures;
import dev.zeropin.registration.service.ProjectSettingsRules;
import dev.zeropin.registration.service.QrCodes;
import dev.zeropin.registration.service.RadiusClientService.ClientSettings;
import dev.zeropin.registration.service.StaticRadiusClients;
import dev.zeropin.registration.service.StaticRadiusClients.StaticClient;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The admin console: server-rendered pages under {@code /admin}. Administrators sign in with a PIN
 * proof of one of their ZeroPIN identities (no password); the session lives in the database and
 * travels as an HttpOnly, SameSite=Strict cookie signed by this service. Every form carries the
 * session's CSRF token and answers with a redirect (post/redirect/get), except the one that shows
 * a new RADIUS secret, which must not be reachable again.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console")
public class ConsoleResource {

    /** The name of the session cookie. */
    public static final String COOKIE = "zeropin_console";

    static final List<String> AUDIT_RESULTS = List.of("success", "failure", "dropped", "info");
    private static final int AUDIT_PAGE = 500;
    private static final int AUDIT_EXPORT = 10_000;

    /** Fixed texts for the notices that a redirect names by code (never text from the request). */
    static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("project-created", "The project was created."),
            Map.entry("project-saved", "The settings were saved."),
            Map.entry("radius-client-saved", "The RADIUS client was saved; the gateway applies it within seconds."),
            Map.entry("radius-client-deleted", "The RADIUS client was deleted; its requests get no answer any more."),
            Map.entry("identity-revoked", "The identity was revoked."),
            Map.entry("user-revoked", "Every identity of the user was revoked."),
            Map.entry(
                    "access-granted",
                    "The User ID may now use the console: hand over its sign-in link below, which enrols the identity"
                            + " it proves its PIN with."),
            Map.entry("access-revoked", "The User ID may no longer sign in to the console."));

    private final ConsoleAccessService access;
    private final AdminOperations actions;
    private final ConsoleFigures figures;
    private final AuditService audit;
    private final StaticRadiusClients staticClients;
    private final RegistrationConfig config;

    public ConsoleResource(
            ConsoleAccessService access,
            AdminOperations actions,
            ConsoleFigures figures,
            AuditService audit,
            StaticRadiusClients staticClients,
            RegistrationConfig config) {
        this.access = access;
        this.actions = actions;
        this.figures = figures;
        this.audit = audit;
        this.staticClients = staticClients;
        this.config = config;
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
                    blank(clientId), blank(userId), blank(nasName), blank(result), blank(from), blank(to));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String importMap, String mode);

        static native TemplateInstance problem(String importMap, ConsoleSession session, String error);

        static native TemplateInstance dashboard(
                String importMap,
                ConsoleSession session,
                Figures figures,
                String p95,
                String loginsChart,
                String nasChart,
                List<RadiusClient> legacyClients);

        static native TemplateInstance projects(
                String importMap, ConsoleSession session, String notice, String error, List<Project> projects);

        static native TemplateInstance project(
                String importMap,
                ConsoleSession session,
                String notice,
                String error,
                Project project,
                ReplyMessages replies,
                String otpLink,
                String qrSvg,
                String domains);

        static native TemplateInstance radiusClients(
                String importMap,
                ConsoleSession session,
                String notice,
                String error,
                List<RadiusClient> clients,
                List<StaticClient> staticClients,
                boolean staticUnavailable,
                List<Project> projects);

        static native TemplateInstance radiusClient(
                String importMap,
                ConsoleSession session,
                String notice,
                String error,
                RadiusClient client,
                String secret,
                List<Project> projects);

        static native TemplateInstance identities(
                String importMap,
                ConsoleSession session,
                String notice,
                String error,
                List<Project> projects,
                String clientId,
                String userId,
                List<IdentityRow> identities,
                List<AuditEvent> recent);

        static native TemplateInstance audit(
                String importMap,
                ConsoleSession session,
                String error,
                List<Project> projects,
                AuditFilter filter,
                List<String> results,
                List<AuditEvent> events,
                String query);

        static native TemplateInstance admins(
                String importMap,
                ConsoleSession session,
                String notice,
                String error,
                List<AdminGrant> grants,
                List<AdminIdentity> enrolments,
                SignInLink signInLink,
                List<Project> projects);
    }

    // ---- sign-in, bootstrap, sign-out ----

    @GET
    @Operation(hidden = true)
    public Response index() {
        return seeOther("/admin/dashboard");
    }

    @GET
    @Path("sign-in")
    @Operation(hidden = true)
    public TemplateInstance signInPage() {
        return Templates.signIn(BrowserPolicy.IMPORT_MAP, "sign-in");
    }

    @GET
    @Path("bootstrap")
    @Operation(hidden = true)
    public TemplateInstance bootstrapPage() {
        return Templates.signIn(BrowserPolicy.IMPORT_MAP, "bootstrap");
    }

    /** The page of a sign-in link: it enrols an identity of the allowed User ID (sent to POST bootstrap). */
    @GET
    @Path("enrol")
    @Operation(hidden = true)
    public TemplateInstance enrolPage() {
        return Templates.signIn(BrowserPolicy.IMPORT_MAP, "enrol");
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
        return access.signIn(authorization, sourceAddress(http)).map(this::withCookie);
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
        return access.redeemBootstrap(code, authorization, sourceAddress(http)).map(this::withCookie);
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> signOut(@CookieParam(COOKIE) String cookie, @FormParam("csrf") String csrf) {
        return access.requireSession(cookie, csrf)
                .chain(access::endSession)
                .map(ignored -> Response.seeOther(URI.create("/admin/sign-in"))
                        .cookie(expiredCookie())
                        .build())
                .onFailure(NoSession.class)
                .recoverWithItem(ConsoleResource::toSignIn);
    }

    // ---- dashboard ----

    @GET
    @Path("dashboard")
    @Operation(hidden = true)
    public Uni<Response> dashboard(@CookieParam(COOKIE) String cookie) {
        return page(
                cookie,
                session -> figures.computeFigures(session)
                        .chain(numbers -> actions.visibleRadiusClients(session).map(clients -> {
                            List<RadiusClient> legacy = clients.stream()
                                    .filter(client -> !client.requireMessageAuthenticator)
                                    .toList();
                            String p95 = numbers.p95LatencyMillis() == null
                                    ? "–"
                                    : String.format(Locale.ROOT, "%.1f ms", numbers.p95LatencyMillis());
                            return Templates.dashboard(
                                    BrowserPolicy.IMPORT_MAP,
                                    session,
                                    numbers,
                                    p95,
                                    SvgCharts.loginsPerMinute(numbers.lastHour(), "Logins per minute, last hour"),
                                    SvgCharts.perNas(numbers.nasLastDay(), "Accepts, rejects and drops per NAS"),
                                    legacy);
                        })));
    }

    // ---- projects ----

    @GET
    @Path("projects")
    @Operation(hidden = true)
    public Uni<Response> projects(@CookieParam(COOKIE) String cookie, @QueryParam("notice") String notice) {
        return page(cookie, session -> projectsPage(session, notice(notice), null));
    }

    private Uni<TemplateInstance> projectsPage(ConsoleSession session, String notice, String error) {
        return actions.visibleProjects(session)
                .map(list -> Templates.projects(BrowserPolicy.IMPORT_MAP, session, notice, error, list));
    }

    @POST
    @Path("projects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> createProject(
            @CookieParam(COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("clientId") String clientId,
            @FormParam("name") String name) {
        return action(
                cookie,
                csrf,
                session -> actions.createProject(session, strip(clientId), ProjectSettingsRules.defaults(strip(name)))
                        .map(project -> seeOther("/admin/projects/" + project.clientId + "?notice=project-created")),
                (session, error) -> projectsPage(session, null, error));
    }

    @GET
    @Path("projects/{clientId}")
    @Operation(hidden = true)
    public Uni<Response> project(
            @CookieParam(COOKIE) String cookie,
            @PathParam("clientId") String clientId,
            @QueryParam("notice") String notice) {
        return page(cookie, session -> projectPage(session, clientId, notice(notice), null));
    }

    private Uni<TemplateInstance> projectPage(ConsoleSession session, String clientId, String notice, String error) {
        return actions.project(session, clientId).map(project -> {
            String link =
                    ProjectView.otpLink(config.publicUrl(), project.clientId).toString();
            return Templates.project(
                    BrowserPolicy.IMPORT_MAP,
                    session,
                    notice,
                    error,
                    project,
                    project.settings().replyMessages(),
                    link,
                    QrCodes.svg(link),
                    String.join(", ", project.allowedEmailDomains));
        });
    }

    /** The settings form of a project (every field present; unchecked boxes are absent). */
    public static final class ProjectForm {
        @FormParam("csrf")
        public String csrf;

        @FormParam("name")
        public String name;

        @FormParam("otpLength")
        public String otpLength;

        @FormParam("otpLifetimeSeconds")
        public String otpLifetimeSeconds;

        @FormParam("emailCode")
        public String emailCode;

        @FormParam("emailLink")
        public String emailLink;

        @FormParam("allowedEmailDomains")
        public String allowedEmailDomains;

        @FormParam("browserAllowed")
        public String browserAllowed;

        @FormParam("mobileAllowed")
        public String mobileAllowed;

        @FormParam("enabled")
        public String enabled;

        @FormParam("replyAccept")
        public String replyAccept;

        @FormParam("replyReject")
        public String replyReject;

        @FormParam("replyLocked")
        public String replyLocked;

        ProjectSettings toSettings() {
            FieldErrors errors = new FieldErrors();
            int length = number(otpLength, "otpLength", errors);
            int lifetime = number(otpLifetimeSeconds, "otpLifetimeSeconds", errors);
            errors.throwIfAny();
            Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
            if (checked(emailCode)) {
                methods.add(VerificationMethod.EMAIL_CODE);
            }
            if (checked(emailLink)) {
                methods.add(VerificationMethod.EMAIL_LINK);
            }
            List<String> domains = allowedEmailDomains == null || allowedEmailDomains.isBlank()
                    ? List.of()
                    : ProjectSettingsRules.normaliseDomains(Arrays.stream(allowedEmailDomains.split("[,\\s]+"))
                            .filter(domain -> !domain.isBlank())
                            .toList());
            return new ProjectSettings(
                    name == null ? null : name.strip(),
                    checked(enabled),
                    length,
                    lifetime,
                    methods,
                    domains,
                    checked(browserAllowed),
                    checked(mobileAllowed),
                    new ReplyMessages(
                            replyAccept == null ? "" : replyAccept.strip(),
                            replyReject == null ? null : replyReject.strip(),
                            replyLocked == null ? null : replyLocked.strip()));
        }
    }

    @POST
    @Path("projects/{clientId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> updateProject(
            @CookieParam(COOKIE) String cookie, @PathParam("clientId") String clientId, @BeanParam ProjectForm form) {
        return action(
                cookie,
                form.csrf,
                session -> {
                    ProjectSettings settings = form.toSettings();
                    return actions.updateProject(session, clientId, current -> settings)
                            .map(project -> seeOther("/admin/projects/" + project.clientId + "?notice=project-saved"));
                },
                (session, error) -> projectPage(session, clientId, null, error));
    }

    // ---- RADIUS clients ----

    @GET
    @Path("radius-clients")
    @Operation(hidden = true)
    public Uni<Response> radiusClients(@CookieParam(COOKIE) String cookie, @QueryParam("notice") String notice) {
        return page(cookie, session -> radiusClientsPage(session, notice(notice), null));
    }

    private Uni<TemplateInstance> radiusClientsPage(ConsoleSession session, String notice, String error) {
        return actions.visibleRadiusClients(session)
                .chain(clients -> actions.visibleProjects(session)
                        .chain(projects -> staticClients.snapshot().map(fromFiles -> {
                            List<StaticClient> visible = fromFiles.clients().stream()
                                    .filter(client -> session.mayManage(client.clientId()))
                                    .toList();
                            return Templates.radiusClients(
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
            @CookieParam(COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("name") String name,
            @FormParam("address") String address,
            @FormParam("clientId") String clientId,
            @FormParam("requireMessageAuthenticator") String requireMessageAuthenticator,
            @FormParam("allowOverlap") String allowOverlap) {
        ClientSettings settings = clientSettings(name, address, clientId, requireMessageAuthenticator, allowOverlap);
        return action(
                cookie,
                csrf,
                session -> actions.createRadiusClient(session, settings)
                        .chain(created -> actions.visibleProjects(session)
                                .map(projects -> Response.ok(Templates.radiusClient(
                                                BrowserPolicy.IMPORT_MAP,
                                                session,
                                                "The RADIUS client was created; the gateway applies it within seconds.",
                                                null,
                                                created.client(),
                                                created.secret(),
                                                projects))
                                        .build())),
                (session, error) -> radiusClientsPage(session, null, error));
    }

    @GET
    @Path("radius-clients/{id}")
    @Operation(hidden = true)
    public Uni<Response> radiusClient(
            @CookieParam(COOKIE) String cookie, @PathParam("id") String id, @QueryParam("notice") String notice) {
        return page(cookie, session -> radiusClientPage(session, id, notice(notice), null));
    }

    private Uni<TemplateInstance> radiusClientPage(ConsoleSession session, String id, String notice, String error) {
        return actions.radiusClient(session, radiusClientId(id))
                .chain(client -> actions.visibleProjects(session)
                        .map(projects -> Templates.radiusClient(
                                BrowserPolicy.IMPORT_MAP, session, notice, error, client, null, projects)));
    }

    @POST
    @Path("radius-clients/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> updateRadiusClient(
            @CookieParam(COOKIE) String cookie,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("name") String name,
            @FormParam("address") String address,
            @FormParam("clientId") String clientId,
            @FormParam("requireMessageAuthenticator") String requireMessageAuthenticator,
            @FormParam("allowOverlap") String allowOverlap) {
        ClientSettings settings = clientSettings(name, address, clientId, requireMessageAuthenticator, allowOverlap);
        return action(
                cookie,
                csrf,
                session -> actions.updateRadiusClient(session, radiusClientId(id), settings)
                        .map(client -> seeOther("/admin/radius-clients/" + client.id + "?notice=radius-client-saved")),
                (session, error) -> radiusClientPage(session, id, null, error));
    }

    @POST
    @Path("radius-clients/{id}/rotation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> rotateRadiusSecret(
            @CookieParam(COOKIE) String cookie,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("overlapHours") String overlapHours) {
        return action(
                cookie,
                csrf,
                session -> {
                    FieldErrors errors = new FieldErrors();
                    int hours = number(overlapHours, "overlapHours", errors);
                    errors.throwIfAny();
                    return actions.rotateRadiusSecret(session, radiusClientId(id), Duration.ofHours(hours))
                            .chain(rotated -> actions.visibleProjects(session)
                                    .map(projects -> Response.ok(Templates.radiusClient(
                                                    BrowserPolicy.IMPORT_MAP,
                                                    session,
                                                    "A new secret was made; the previous one works until "
                                                            + rotated.client().previousSecretValidUntil + ".",
                                                    null,
                                                    rotated.client(),
                                                    rotated.secret(),
                                                    projects))
                                            .build()));
                },
                (session, error) -> radiusClientPage(session, id, null, error));
    }

    @POST
    @Path("radius-clients/{id}/deletion")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> deleteRadiusClient(
            @CookieParam(COOKIE) String cookie, @PathParam("id") String id, @FormParam("csrf") String csrf) {
        return action(
                cookie,
                csrf,
                session -> actions.deleteRadiusClient(session, radiusClientId(id))
                        .map(client -> seeOther("/admin/radius-clients?notice=radius-client-deleted")),
                (session, error) -> radiusClientPage(session, id, null, error));
    }

    // ---- identities ----

    @GET
    @Path("identities")
    @Operation(hidden = true)
    public Uni<Response> identities(
            @CookieParam(COOKIE) String cookie,
            @QueryParam("clientId") String clientId,
            @QueryParam("userId") String userId,
            @QueryParam("notice") String notice) {
        return page(cookie, session -> identitiesPage(session, clientId, userId, notice(notice), null));
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
                        .item(Templates.identities(
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
                                    .map(recent -> Templates.identities(
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
            @CookieParam(COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("mpinId") String mpinId,
            @FormParam("clientId") String clientId,
            @FormParam("userId") String userId) {
        return action(
                cookie,
                csrf,
                session -> actions.revokeIdentity(session, mpinId)
                        .map(ignored -> seeOther(identitiesUrl(clientId, userId, "identity-revoked"))),
                (session, error) -> identitiesPage(session, clientId, userId, null, error));
    }

    @POST
    @Path("users/revocation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revokeUser(
            @CookieParam(COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("clientId") String clientId,
            @FormParam("userId") String userId) {
        return action(
                cookie,
                csrf,
                session -> {
                    String normal = UserIds.normalise(userId)
                            .orElseThrow(() -> FieldErrors.validationFailed(
                                    List.of(new FieldErrors.FieldError("userId", "must be an e-mail address"))));
                    return actions.revokeUser(session, clientId, normal)
                            .map(count -> seeOther(identitiesUrl(clientId, normal, "user-revoked")));
                },
                (session, error) -> identitiesPage(session, clientId, userId, null, error));
    }

    private static String identitiesUrl(String clientId, String userId, String notice) {
        return "/admin/identities?clientId=" + encode(clientId) + (userId == null ? "" : "&userId=" + encode(userId))
                + "&notice=" + notice;
    }

    // ---- audit ----

    @GET
    @Path("audit")
    @Operation(hidden = true)
    public Uni<Response> audit(@CookieParam(COOKIE) String cookie, @BeanParam AuditQuery query) {
        AuditFilter filter = query.toFilter();
        return page(
                cookie,
                session -> actions.visibleProjects(session).chain(projects -> {
                    String error = null;
                    List<AuditEvent> none = List.of();
                    Uni<List<AuditEvent>> events;
                    try {
                        events = search(session, filter, AUDIT_PAGE);
                    } catch (ProblemException e) {
                        error = describe(e);
                        events = Uni.createFrom().item(none);
                    }
                    String shownError = error;
                    return events.map(list -> Templates.audit(
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
    public Uni<Response> auditCsv(@CookieParam(COOKIE) String cookie, @BeanParam AuditQuery query) {
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
                .recoverWithItem(ConsoleResource::toSignIn);
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
            parts.add(name + "=" + encode(value));
        }
    }

    // ---- administrators ----

    @GET
    @Path("admins")
    @Operation(hidden = true)
    public Uni<Response> admins(@CookieParam(COOKIE) String cookie, @QueryParam("notice") String notice) {
        return page(cookie, session -> adminsPage(session, notice(notice), null, null));
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
                                .map(projects -> Templates.admins(
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
            @CookieParam(COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("userId") String userId,
            @FormParam("clientId") String clientId) {
        // Not a redirect: the page shows the new sign-in link once.
        return action(
                cookie,
                csrf,
                session -> access.grantAccess(session, userId, blank(clientId))
                        .chain(link -> adminsPage(session, NOTICES.get("access-granted"), null, link))
                        .map(page -> Response.ok(page).build()),
                (session, error) -> adminsPage(session, null, error, null));
    }

    @POST
    @Path("admins/removal")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revokeAccess(
            @CookieParam(COOKIE) String cookie, @FormParam("csrf") String csrf, @FormParam("grantId") String grantId) {
        return action(
                cookie,
                csrf,
                session -> access.revokeAccess(session, uuid(grantId, "grant_not_found", "There is no such grant."))
                        .map(ignored -> seeOther("/admin/admins?notice=access-revoked")),
                (session, error) -> adminsPage(session, null, error, null));
    }

    // ---- plumbing ----

    /**
     * Renders a page for a signed-in administrator; without a session, back to the sign-in page; a
     * refusal (not found, out of scope) as a page that says so, with the problem's status.
     */
    private Uni<Response> page(String cookie, Function<ConsoleSession, Uni<TemplateInstance>> render) {
        return access.requireSession(cookie)
                .chain(session -> Uni.createFrom()
                        .deferred(() -> render.apply(session))
                        .map(page -> Response.ok(page).build())
                        .onFailure(ProblemException.class)
                        .recoverWithItem(failure -> problemPage(session, (ProblemException) failure)))
                .onFailure(NoSession.class)
                .recoverWithItem(ConsoleResource::toSignIn);
    }

    private static Response problemPage(ConsoleSession session, ProblemException problem) {
        return Response.status(problem.problem().getStatus())
                .entity(Templates.problem(BrowserPolicy.IMPORT_MAP, session, describe(problem)))
                .type(MediaType.TEXT_HTML_TYPE)
                .build();
    }

    /** What a form does when its action fails: render its page again with the error. */
    @FunctionalInterface
    interface Retry {
        Uni<TemplateInstance> render(ConsoleSession session, String error);
    }

    /**
     * Runs a form's action for a signed-in administrator with a valid CSRF token. A refused action
     * (validation, conflict, scope) shows its page again with the reason and the problem's status;
     * a stale or forged form is refused with 403 and nothing changes.
     */
    private Uni<Response> action(
            String cookie, String csrf, Function<ConsoleSession, Uni<Response>> perform, Retry retry) {
        return access.requireSession(cookie, csrf)
                .chain(session -> Uni.createFrom()
                        .deferred(() -> perform.apply(session))
                        .onFailure(ProblemException.class)
                        .recoverWithUni(failure -> {
                            ProblemException problem = (ProblemException) failure;
                            return Uni.createFrom()
                                    .deferred(() -> retry.render(session, describe(problem)))
                                    .map(page -> Response.status(
                                                    problem.problem().getStatus())
                                            .entity(page)
                                            .type(MediaType.TEXT_HTML_TYPE)
                                            .build())
                                    .onFailure(ProblemException.class)
                                    .recoverWithItem(again -> problemPage(session, problem));
                        }))
                .onFailure(NoSession.class)
                .recoverWithItem(ConsoleResource::toSignIn)
                .onFailure(ProblemException.class)
                .recoverWithItem(failure -> problemPage(null, (ProblemException) failure));
    }

    /** A problem in words for the page: its detail and every field error. */
    static String describe(ProblemException problem) {
        StringBuilder text = new StringBuilder(
                problem.problem().getDetail() != null
                        ? problem.problem().getDetail()
                        : problem.problem().getTitle());
        Object errors = problem.problem().getExtensions().get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            text.append(' ')
                    .append(list.stream()
                            .map(item -> item instanceof FieldErrors.FieldError error
                                    ? error.field() + ": " + error.message()
                                    : String.valueOf(item))
                            .collect(Collectors.joining("; ")))
                    .append('.');
        }
        return text.toString();
    }

    private Response withCookie(ConsoleAccessService.Opened opened) {
        NewCookie cookie = new NewCookie.Builder(COOKIE)
                .value(opened.cookie())
                .path("/admin")
                .httpOnly(true)
                .secure(config.console().secureCookie())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) config.console().sessionLifetime().toSeconds())
                .build();
        return Response.ok(Map.of(
                        "userId", opened.session().userId(),
                        "expiresAt", opened.session().expiresAt().toString(),
                        "next", "/admin/dashboard"))
                .cookie(cookie)
                .build();
    }

    private NewCookie expiredCookie() {
        return new NewCookie.Builder(COOKIE)
                .value("")
                .path("/admin")
                .httpOnly(true)
                .secure(config.console().secureCookie())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(0)
                .build();
    }

    private static Response toSignIn(Throwable ignored) {
        return seeOther("/admin/sign-in");
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    private static String notice(String code) {
        return code == null ? null : NOTICES.get(code);
    }

    /** A RADIUS client form as settings; the overlap box only ever allows (never forbids) an overlap. */
    private static ClientSettings clientSettings(
            String name, String address, String clientId, String requireMessageAuthenticator, String allowOverlap) {
        return new ClientSettings(
                strip(name),
                strip(address),
                strip(clientId),
                checked(requireMessageAuthenticator),
                checked(allowOverlap) ? Boolean.TRUE : null);
    }

    private static UUID radiusClientId(String id) {
        return uuid(id, "radius_client_not_found", "There is no such RADIUS client.");
    }

    private static UUID uuid(String text, String code, String detail) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound(code, detail);
        }
    }

    private static int number(String text, String field, FieldErrors errors) {
        try {
            return Integer.parseInt(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            errors.add(field, "must be a whole number");
            return 0;
        }
    }

    private static boolean checked(String value) {
        return "true".equals(value) || "on".equals(value);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String sourceAddress(HttpServerRequest http) {
        return AdminCallers.sourceAddress(http);
    }
}
