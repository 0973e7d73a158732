package dev.zeropin.registration.rest;

import dev.zeropin.registration.service.ConsoleAccessService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for the console's first start: a one-time bootstrap link that makes whoever opens it
 * and proves a PIN of their ZeroPIN identity a global administrator. {@code zeropin admin-bootstrap}
 * and the local mode call it with an operator's admin token.
 */
@Path("/api/v1/admin/console")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: console")
@SecurityRequirement(name = "adminToken")
public class AdminConsoleResource {

    private final ConsoleAccessService access;

    public AdminConsoleResource(ConsoleAccessService access) {
        this.access = access;
    }

    @POST
    @Path("bootstrap-links")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a one-time link that makes its user a global console administrator")
    public Uni<Response> createBootstrapLink(@Context SecurityContext security, @Context HttpServerRequest http) {
        return access.createBootstrapLink(AdminCallers.of(security, http))
                .map(link ->
                        Response.status(Response.Status.CREATED).entity(link).build());
    }
}
