package dev.zeropin.registration.web;

import dev.zeropin.registration.Project;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.service.ProjectService;
import dev.zeropin.registration.service.ProjectSettingsRules;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OTP generation link and its pages: choose or register an identity, verify the e-mail, choose
 * a PIN, get OTPs. The M-Pin math runs in the browser; these pages only carry text and settings.
 */
@Path("/otpgen")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Pages")
public class OtpGenResource {

    private final ProjectService projects;
    private final RegistrationConfig config;

    public OtpGenResource(ProjectService projects, RegistrationConfig config) {
        this.projects = projects;
        this.config = config;
    }

    /**
     * What every page knows of its project, and where its steps are: under {@code /otpgen} in a
     * desktop browser, under {@code /m} in the mobile app.
     */
    public record PageProject(
            String clientId,
            String name,
            String otpServiceUrl,
            String importMap,
            boolean mobileAllowed,
            boolean mobile) {

        public String homeUrl() {
            return mobile ? "/m/" : "/otpgen?client_id=" + clientId;
        }

        public String registerUrl() {
            if (clientId == null) {
                return homeUrl();
            }
            return (mobile ? "/m/register" : "/otpgen/register") + "?client_id=" + clientId;
        }

        public String verifyPath() {
            return mobile ? "/m/verify" : "/otpgen/verify";
        }

        public String otpPath() {
            return mobile ? "/m/identity" : "/otpgen/otp";
        }

        public String channel() {
            return mobile ? "mobile" : "browser";
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance landing(PageProject project);

        static native TemplateInstance register(PageProject project);

        static native TemplateInstance verify(PageProject project);

        static native TemplateInstance otp(PageProject project);

        static native TemplateInstance mobile(PageProject project);

        static native TemplateInstance error(String titleKey, String messageKey, String importMap);
    }

    @GET
    @Operation(summary = "The OTP generation link of a project", hidden = true)
    public Uni<Response> landing(@QueryParam("client_id") String clientId) {
        return page(clientId, Templates::landing);
    }

    @GET
    @Path("register")
    @Operation(hidden = true)
    public Uni<Response> register(@QueryParam("client_id") String clientId) {
        return page(clientId, Templates::register);
    }

    @GET
    @Path("verify")
    @Operation(hidden = true)
    public Uni<Response> verify(@QueryParam("client_id") String clientId) {
        return page(clientId, Templates::verify);
    }

    @GET
    @Path("otp")
    @Operation(hidden = true)
    public Uni<Response> otp(@QueryParam("client_id") String clientId) {
        return page(clientId, Templates::otp);
    }

    @GET
    @Path("mobile")
    @Operation(hidden = true)
    public Uni<Response> mobile(@QueryParam("client_id") String clientId) {
        return page(clientId, false, Templates::mobile);
    }

    private Uni<Response> page(String clientId, java.util.function.Function<PageProject, TemplateInstance> template) {
        return page(clientId, false, template);
    }

    /** A page of a project, or the error page that says why there is none. */
    Uni<Response> page(
            String clientId, boolean mobile, java.util.function.Function<PageProject, TemplateInstance> template) {
        if (clientId == null
                || !ProjectSettingsRules.CLIENT_ID.matcher(clientId).matches()) {
            return Uni.createFrom().item(error(400, "error_bad_link_title", "error_bad_link"));
        }
        return projects.getProject(clientId)
                .map(project -> render(project, mobile, template))
                .onFailure(ProblemException.class)
                .recoverWithItem(() -> error(404, "error_unknown_project_title", "error_unknown_project"));
    }

    private Response render(
            Project project, boolean mobile, java.util.function.Function<PageProject, TemplateInstance> template) {
        if (!project.enabled) {
            return error(403, "error_project_disabled_title", "error_project_disabled");
        }
        if (!mobile && !project.browserAllowed) {
            return error(403, "error_browser_not_allowed_title", "error_browser_not_allowed");
        }
        if (mobile && !project.mobileAllowed) {
            return error(403, "error_mobile_not_allowed_title", "error_mobile_not_allowed");
        }
        PageProject page = new PageProject(
                project.clientId,
                project.name,
                config.otpServiceUrl().toString(),
                BrowserPolicy.IMPORT_MAP,
                project.mobileAllowed,
                mobile);
        return Response.ok(template.apply(page)).build();
    }

    static Response error(int status, String titleKey, String messageKey) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(titleKey, messageKey, BrowserPolicy.IMPORT_MAP))
                .build();
    }
}
