package dev.zeropin.registration.rest;

import dev.zeropin.registration.RadiusClient;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.RadiusClientService;
import dev.zeropin.registration.service.RadiusClientService.ClientSettings;
import dev.zeropin.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for RADIUS clients (NAS) managed in the console. Secrets are shown once, never listed.
 * Changes go through {@link AdminOperations} and are audited like the console's (never the secret).
 */
@Path("/api/v1/admin/radius-clients")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: RADIUS clients")
@SecurityRequirement(name = "adminToken")
public class AdminRadiusClientResource {

    private final RadiusClientService clients;
    private final AdminOperations operations;

    public AdminRadiusClientResource(RadiusClientService clients, AdminOperations operations) {
        this.clients = clients;
        this.operations = operations;
    }

    /** A RADIUS client without its secret. */
    public record ClientView(
            String id,
            String name,
            String address,
            String clientId,
            boolean requireMessageAuthenticator,
            String previousSecretValidUntil,
            long revision,
            String createdAt,
            String updatedAt,
            String source) {

        static ClientView of(RadiusClient client) {
            return new ClientView(
                    client.id.toString(),
                    client.name,
                    client.address,
                    client.clientId,
                    client.requireMessageAuthenticator,
                    client.previousSecretValidUntil == null ? null : client.previousSecretValidUntil.toString(),
                    client.revision,
                    client.createdAt.toString(),
                    client.updatedAt.toString(),
                    "console");
        }
    }

    /** A client with its new secret: shown this once. */
    public record ClientWithSecretView(ClientView client, String secret) {}

    /** How long the old secret keeps working after a rotation. */
    public record RotationRequest(Long overlapSeconds) {}

    @GET
    @Operation(summary = "List the RADIUS clients managed in the console (no secrets)")
    public Uni<List<ClientView>> listClients() {
        return clients.listClients()
                .map(list -> list.stream().map(ClientView::of).toList());
    }

    @POST
    @Operation(summary = "Create a RADIUS client; the answer shows its new secret once")
    public Uni<Response> createClient(
            ClientSettings settings, @Context SecurityContext security, @Context HttpServerRequest http) {
        return operations
                .createRadiusClient(AdminCallers.of(security, http), requireBody(settings))
                .map(created -> Response.created(URI.create("/api/v1/admin/radius-clients/" + created.client().id))
                        .entity(new ClientWithSecretView(ClientView.of(created.client()), created.secret()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    /** How many clients were sealed again. */
    public record ResealView(int resealed) {}

    @POST
    @Path("resealing")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Seal every RADIUS secret again under the first NAS secret key and publish every client again"
                    + " (rotation of nas-secret-key; zeropin keys reseal-nas-secrets)")
    public Uni<ResealView> resealSecrets(@Context SecurityContext security, @Context HttpServerRequest http) {
        return operations.resealRadiusSecrets(AdminCallers.of(security, http)).map(ResealView::new);
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change a RADIUS client (omitted fields keep their values; the secret stays)")
    public Uni<ClientView> updateClient(
            @PathParam("id") String id,
            ClientSettings settings,
            @Context SecurityContext security,
            @Context HttpServerRequest http) {
        return operations
                .updateRadiusClient(AdminCallers.of(security, http), parse(id), requireBody(settings))
                .map(ClientView::of);
    }

    @POST
    @Path("{id}/rotation")
    @Operation(summary = "Give a RADIUS client a new secret; the old one works for overlapSeconds (default 1 day)")
    public Uni<Response> rotateSecret(
            @PathParam("id") String id,
            RotationRequest request,
            @Context SecurityContext security,
            @Context HttpServerRequest http) {
        long overlap = request == null || request.overlapSeconds() == null ? 86_400 : request.overlapSeconds();
        return operations
                .rotateRadiusSecret(AdminCallers.of(security, http), parse(id), Duration.ofSeconds(overlap))
                .map(rotated -> Response.ok(new ClientWithSecretView(ClientView.of(rotated.client()), rotated.secret()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a RADIUS client")
    public Uni<Response> deleteClient(
            @PathParam("id") String id, @Context SecurityContext security, @Context HttpServerRequest http) {
        return operations
                .deleteRadiusClient(AdminCallers.of(security, http), parse(id))
                .replaceWith(Response.noContent().build());
    }

    private static ClientSettings requireBody(ClientSettings settings) {
        if (settings == null) {
            throw ProblemException.badRequest("missing_body", "The request needs a JSON body.");
        }
        return settings;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("radius_client_not_found", "There is no such RADIUS client.");
        }
    }
}
