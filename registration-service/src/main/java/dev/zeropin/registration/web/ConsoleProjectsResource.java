package dev.zeropin.registration.web;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.rest.ProjectView;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.ProjectSettingsRules;
import dev.zeropin.registration.service.QrCodes;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console's projects: list, create, settings (with the OTP link and its QR code). */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console")
public class ConsoleProjectsResource {

    private final ConsolePages pages;
    private final AdminOperations actions;
    private final RegistrationConfig config;

    public ConsoleProjectsResource(ConsolePages pages, AdminOperations actions, RegistrationConfig config) {
        this.pages = pages;
        this.actions = actions;
        this.config = config;
    }

    @GET
    @Path("projects")
    @Operation(hidden = true)
    public Uni<Response> projects(
            @CookieParam(ConsoleResource.COOKIE) String cookie, @QueryParam("notice") String notice) {
        return pages.page(cookie, session -> projectsPage(session, ConsolePages.notice(notice), null));
    }

    private Uni<TemplateInstance> projectsPage(ConsoleSession session, String notice, String error) {
        return actions.visibleProjects(session)
                .map(list -> ConsoleTemplates.projects(BrowserPolicy.IMPORT_MAP, session, notice, error, list));
    }

    @POST
    @Path("projects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> createProject(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @FormParam("csrf") String csrf,
            @FormParam("clientId") String clientId,
            @FormParam("name") String name) {
        return pages.action(
                cookie,
                csrf,
                session -> actions.createProject(
                                session,
                                ConsolePages.strip(clientId),
                                ProjectSettingsRules.defaults(ConsolePages.strip(name)))
                        .map(project -> ConsolePages.seeOther(
                                "/admin/projects/" + project.clientId + "?notice=project-created")),
                (session, error) -> projectsPage(session, null, error));
    }

    @GET
    @Path("projects/{clientId}")
    @Operation(hidden = true)
    public Uni<Response> project(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @PathParam("clientId") String clientId,
            @QueryParam("notice") String notice) {
        return pages.page(cookie, session -> projectPage(session, clientId, ConsolePages.notice(notice), null));
    }

    private Uni<TemplateInstance> projectPage(ConsoleSession session, String clientId, String notice, String error) {
        return projectPage(session, clientId, notice, error, null);
    }

    private Uni<TemplateInstance> projectPage(
            ConsoleSession session, String clientId, String notice, String error, ConsoleDirectory.Test test) {
        return actions.project(session, clientId).map(project -> {
            String link =
                    ProjectView.otpLink(config.publicUrl(), project.clientId).toString();
            return ConsoleTemplates.project(
                    BrowserPolicy.IMPORT_MAP,
                    session,
                    notice,
                    error,
                    project,
                    project.settings().replyMessages(),
                    link,
                    QrCodes.svg(link),
                    String.join(", ", project.allowedEmailDomains),
                    ConsoleDirectory.Form.of(project.directory),
                    test);
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

        @FormParam("directoryEnabled")
        public String directoryEnabled;

        @FormParam("directoryUrl")
        public String directoryUrl;

        @FormParam("directoryStartTls")
        public String directoryStartTls;

        @FormParam("directoryCaFile")
        public String directoryCaFile;

        @FormParam("directoryBindDn")
        public String directoryBindDn;

        @FormParam("directoryBindPasswordFile")
        public String directoryBindPasswordFile;

        @FormParam("directoryBaseDn")
        public String directoryBaseDn;

        @FormParam("directoryUserIdAttribute")
        public String directoryUserIdAttribute;

        @FormParam("directoryUserFilter")
        public String directoryUserFilter;

        @FormParam("directoryGroups")
        public String directoryGroups;

        @FormParam("directoryGroupCheck")
        public String directoryGroupCheck;

        @FormParam("directoryDisabledCheck")
        public String directoryDisabledCheck;

        @FormParam("directoryDisabledAttribute")
        public String directoryDisabledAttribute;

        @FormParam("directoryDisabledValue")
        public String directoryDisabledValue;

        @FormParam("directoryTimeoutMillis")
        public String directoryTimeoutMillis;

        @FormParam("directoryCacheSeconds")
        public String directoryCacheSeconds;

        @FormParam("directoryUnreachablePolicy")
        public String directoryUnreachablePolicy;

        @FormParam("directoryStaleMinutes")
        public String directoryStaleMinutes;

        ProjectSettings toSettings() {
            FieldErrors errors = new FieldErrors();
            int length = ConsolePages.number(otpLength, "otpLength", errors);
            int lifetime = ConsolePages.number(otpLifetimeSeconds, "otpLifetimeSeconds", errors);
            DirectorySettings directory = ConsoleDirectory.settings(this, errors);
            errors.throwIfAny();
            Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
            if (ConsolePages.checked(emailCode)) {
                methods.add(VerificationMethod.EMAIL_CODE);
            }
            if (ConsolePages.checked(emailLink)) {
                methods.add(VerificationMethod.EMAIL_LINK);
            }
            List<String> domains = allowedEmailDomains == null || allowedEmailDomains.isBlank()
                    ? List.of()
                    : ProjectSettingsRules.normaliseDomains(Arrays.stream(allowedEmailDomains.split("[,\\s]+"))
                            .filter(domain -> !domain.isBlank())
                            .toList());
            return new ProjectSettings(
                    name == null ? null : name.strip(),
                    ConsolePages.checked(enabled),
                    length,
                    lifetime,
                    methods,
                    domains,
                    ConsolePages.checked(browserAllowed),
                    ConsolePages.checked(mobileAllowed),
                    new ReplyMessages(
                            replyAccept == null ? "" : replyAccept.strip(),
                            replyReject == null ? null : replyReject.strip(),
                            replyLocked == null ? null : replyLocked.strip()),
                    directory);
        }
    }

    @POST
    @Path("projects/{clientId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> updateProject(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @PathParam("clientId") String clientId,
            @BeanParam ProjectForm form) {
        return pages.action(
                cookie,
                form.csrf,
                session -> {
                    ProjectSettings settings = form.toSettings();
                    return actions.updateProject(session, clientId, current -> settings)
                            .map(project -> ConsolePages.seeOther(
                                    "/admin/projects/" + project.clientId + "?notice=project-saved"));
                },
                (session, error) -> projectPage(session, clientId, null, error));
    }

    /**
     * Tests the project's directory: with a User ID, the entry, groups and verdict; without, the
     * connection and bind. A directory that cannot be asked shows its problem's code on the page
     * (e.g. {@code directory_bind_failed}), never a server error.
     */
    @POST
    @Path("projects/{clientId}/directory-test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> testDirectory(
            @CookieParam(ConsoleResource.COOKIE) String cookie,
            @PathParam("clientId") String clientId,
            @FormParam("csrf") String csrf,
            @FormParam("userId") String userId) {
        String user = ConsolePages.blank(userId);
        return pages.action(
                cookie,
                csrf,
                session -> actions.testDirectory(session, clientId, user)
                        .map(answer -> ConsoleDirectory.Test.of(user, answer))
                        .onFailure(ProblemException.class)
                        .recoverWithUni(failure -> {
                            ProblemException problem = (ProblemException) failure;
                            return problem.problem().getStatus() == 502
                                    ? Uni.createFrom().item(ConsoleDirectory.Test.failed(user, problem))
                                    : Uni.createFrom().failure(problem);
                        })
                        .chain(test -> projectPage(session, clientId, null, null, test))
                        .map(page -> Response.ok(page).build()),
                (session, error) -> projectPage(session, clientId, null, error));
    }
}
