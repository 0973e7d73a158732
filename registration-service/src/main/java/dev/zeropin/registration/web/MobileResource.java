package dev.zeropin.registration.web;

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
 * The mobile app: an installable web app (manifest, service worker) served under {@code /m}. The
 * home page lists the identities of this phone; registration reuses the browser's steps in the
 * app's layout; an identity's page makes OTPs, shows its history and deletes it.
 */
@Path("/m")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Pages")
public class MobileResource {

    private final OtpGenResource pages;
    private final dev.zeropin.registration.config.RegistrationConfig config;

    public MobileResource(OtpGenResource pages, dev.zeropin.registration.config.RegistrationConfig config) {
        this.pages = pages;
        this.config = config;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(String importMap);

        static native TemplateInstance activate(String importMap);

        static native TemplateInstance identity(OtpGenResource.PageProject project);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance home() {
        return Templates.home(BrowserPolicy.IMPORT_MAP);
    }

    @GET
    @Path("activate")
    @Operation(hidden = true)
    public TemplateInstance activate() {
        return Templates.activate(BrowserPolicy.IMPORT_MAP);
    }

    @GET
    @Path("identity")
    @Operation(hidden = true)
    public TemplateInstance identity() {
        return Templates.identity(new OtpGenResource.PageProject(
                null, "ZeroPIN", config.otpServiceUrl().toString(), BrowserPolicy.IMPORT_MAP, true, true));
    }

    @GET
    @Path("register")
    @Operation(hidden = true)
    public Uni<Response> register(@QueryParam("client_id") String clientId) {
        return pages.page(clientId, true, OtpGenResource.Templates::register);
    }

    @GET
    @Path("verify")
    @Operation(hidden = true)
    public Uni<Response> verify(@QueryParam("client_id") String clientId) {
        return pages.page(clientId, true, OtpGenResource.Templates::verify);
    }
}
