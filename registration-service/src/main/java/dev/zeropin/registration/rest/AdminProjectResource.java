package dev.zeropin.registration.rest;

import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.ProjectService;
import dev.zeropin.registration.service.ProjectSettingsRules;
import dev.zeropin.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for projects; requires an admin token ({@code groups: [admin]}). Changes go through
 * {@link AdminOperations} and are audited like the console's.
 */
@Path("/api/v1/admin/projects")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: projects")
@SecurityRequirement(name = "adminToken")
public class AdminProjectResource {

    private final ProjectService projects;
    private final AdminOperations operations;
    private final RegistrationConfig config;

    public AdminProjectResource(ProjectService projects, AdminOperations operations, RegistrationConfig config) {
        this.projects = projects;
        this.operations = operations;
        this.config = config;
    }

    @POST
    @Operation(summary = "Create a project", description = "Omitted settings take their defaults.")
    public Uni<Response> createProject(
            ProjectRequest request, @Context SecurityContext security, @Context HttpServerRequest http) {
        ProjectRequest body = requireBody(request);
        return operations
                .createProject(
                        AdminCallers.of(security, http),
                        body.clientId(),
                        body.applyTo(ProjectSettingsRules.defaults(null)))
                .map(project -> Response.created(URI.create("/api/v1/admin/projects/" + project.clientId))
                        .entity(ProjectView.of(project, config.publicUrl()))
                        .build());
    }

    @GET
    @Operation(summary = "List every project")
    public Uni<List<ProjectView>> listProjects() {
        return projects.listProjects()
                .map(list -> list.stream()
                        .map(project -> ProjectView.of(project, config.publicUrl()))
                        .toList());
    }

    @GET
    @Path("{clientId}")
    @Operation(summary = "Show one project")
    public Uni<ProjectView> getProject(@PathParam("clientId") String clientId) {
        return projects.getProject(clientId).map(project -> ProjectView.of(project, config.publicUrl()));
    }

    @PATCH
    @Path("{clientId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change settings of a project", description = "Omitted fields keep their values.")
    public Uni<ProjectView> updateProject(
            @PathParam("clientId") String clientId,
            ProjectRequest request,
            @Context SecurityContext security,
            @Context HttpServerRequest http) {
        ProjectRequest body = requireBody(request);
        if (body.clientId() != null && !body.clientId().equals(clientId)) {
            throw ProblemException.badRequest("client_id_immutable", "The client id of a project cannot change.");
        }
        return operations
                .updateProject(AdminCallers.of(security, http), clientId, body::applyTo)
                .map(project -> ProjectView.of(project, config.publicUrl()));
    }

    /** A User ID to look up in a project's directory; none tests the connection and bind only. */
    public record DirectoryTestRequest(String userId) {}

    /** What the directory said: {@code ALLOWED}, {@code UNKNOWN}, {@code DISABLED}, {@code NOT_IN_GROUP}, ... */
    public record DirectoryTestView(String outcome, String reason, String entryDn, List<String> groups) {}

    @POST
    @Path("{clientId}/directory/test")
    @Operation(
            summary = "Test a project's directory",
            description = "With a userId: the entry found, its required groups, whether it would be admitted. Without:"
                    + " connect and bind only. A directory that cannot be asked answers 502 with a code such as"
                    + " directory_bind_failed or directory_unreachable.")
    public Uni<DirectoryTestView> testDirectory(
            @PathParam("clientId") String clientId,
            DirectoryTestRequest request,
            @Context SecurityContext security,
            @Context HttpServerRequest http) {
        return operations
                .testDirectory(AdminCallers.of(security, http), clientId, request == null ? null : request.userId())
                .map(answer -> new DirectoryTestView(
                        answer.outcome().name(), answer.reason(), answer.entryDn(), answer.groups()));
    }

    private static ProjectRequest requireBody(ProjectRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("missing_body", "The request needs a JSON body.");
        }
        return request;
    }
}
