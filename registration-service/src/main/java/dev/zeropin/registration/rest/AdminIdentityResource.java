package dev.zeropin.registration.rest;

import dev.zeropin.events.UserIds;
import dev.zeropin.registration.service.AdminOperations;
import dev.zeropin.registration.service.IdentityManagementService;
import dev.zeropin.support.problem.FieldErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for identities: list, revoke one, revoke all of a user. Revocations go through
 * {@link AdminOperations} and are audited like the console's.
 */
@Path("/api/v1/admin")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: identities")
@SecurityRequirement(name = "adminToken")
public class AdminIdentityResource {

    private final IdentityManagementService identities;
    private final AdminOperations operations;

    public AdminIdentityResource(IdentityManagementService identities, AdminOperations operations) {
        this.identities = identities;
        this.operations = operations;
    }

    /** An identity as administrators see it (never a secret). */
    public record IdentityView(
            String mpinId,
            String clientId,
            String userId,
            String deviceLabel,
            String state,
            String revokedReason,
            String createdAt,
            String revokedAt) {}

    /** How many identities a bulk revocation revoked. */
    public record RevokedCount(int revoked) {}

    @GET
    @Path("identities")
    @Operation(summary = "List the identities of a project, optionally of one User ID")
    public Uni<List<IdentityView>> listIdentities(
            @QueryParam("clientId") String clientId, @QueryParam("userId") String userId) {
        FieldErrors errors = new FieldErrors();
        errors.check(clientId != null, "clientId", "is required");
        String normalUserId = userId == null ? null : UserIds.normalise(userId).orElse(null);
        errors.check(userId == null || normalUserId != null, "userId", "must be an e-mail address");
        errors.throwIfAny();
        return identities
                .listIdentities(clientId, normalUserId)
                .map(list -> list.stream()
                        .map(identity -> new IdentityView(
                                identity.mpinId,
                                identity.clientId,
                                identity.userId,
                                identity.deviceLabel,
                                identity.state.name(),
                                identity.revokedReason,
                                identity.createdAt.toString(),
                                identity.revokedAt == null ? null : identity.revokedAt.toString()))
                        .toList());
    }

    @POST
    @Path("identities/revocation")
    @Operation(summary = "Revoke one identity (body {mpinId}; mpinIds stay out of URLs and logs)")
    public Uni<Void> revokeIdentity(
            IdentityResource.IdentityRequest request,
            @Context SecurityContext security,
            @Context HttpServerRequest http) {
        return operations.revokeIdentity(AdminCallers.of(security, http), IdentityResource.mpinIdOf(request));
    }

    /** Whose identities to revoke. */
    public record UserRevocation(String clientId, String userId) {}

    @POST
    @Path("users/revocation")
    @Operation(summary = "Revoke every identity of a User ID in a project")
    public Uni<RevokedCount> revokeUser(
            UserRevocation request, @Context SecurityContext security, @Context HttpServerRequest http) {
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.clientId() != null, "clientId", "is required");
        String normal =
                request == null ? null : UserIds.normalise(request.userId()).orElse(null);
        errors.check(normal != null, "userId", "must be an e-mail address");
        errors.throwIfAny();
        return operations
                .revokeUser(AdminCallers.of(security, http), request.clientId(), normal)
                .map(RevokedCount::new);
    }
}
