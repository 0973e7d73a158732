package dev.zeropin.registration.rest;

import dev.zeropin.registration.service.MobileActivationService;
import dev.zeropin.support.problem.FieldErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "Log In Using Mobile": QR activation links for the mobile app. */
@Path("/api/v1/mobile-activations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Mobile activation")
public class MobileActivationResource {

    private final MobileActivationService activations;

    public MobileActivationResource(MobileActivationService activations) {
        this.activations = activations;
    }

    /** For which project. */
    public record CreateRequest(String clientId) {}

    /** The one-time link, its QR code (SVG) and when it expires. */
    public record CreateResponse(String url, String qrSvg, String expiresAt, long expiresIn) {}

    /** The code from the link's fragment. */
    public record RedeemRequest(String code) {}

    /** The project the phone registers for. */
    public record RedeemResponse(String clientId, String projectName) {}

    @POST
    @Operation(
            summary = "Create a one-time activation link (and its QR code) for the mobile app",
            description = "Limited per source address and hour (429 too_many_activations).")
    public Uni<Response> createActivation(CreateRequest request, @Context HttpServerRequest http) {
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.clientId() != null, "clientId", "is required");
        errors.throwIfAny();
        return activations
                .createActivation(request.clientId(), RegistrationResource.sourceAddress(http))
                .map(activation -> Response.status(201)
                        .entity(new CreateResponse(
                                activation.url(),
                                activation.qrSvg(),
                                activation.expiresAt().toString(),
                                activation.expiresInSeconds()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    @POST
    @Path("redeem")
    @Operation(summary = "Redeem an activation code once (the phone opened the QR link)")
    public Uni<RedeemResponse> redeemActivation(RedeemRequest request) {
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.code() != null, "code", "is required");
        errors.throwIfAny();
        return activations
                .redeemActivation(request.code())
                .map(redeemed -> new RedeemResponse(redeemed.clientId(), redeemed.projectName()));
    }
}
