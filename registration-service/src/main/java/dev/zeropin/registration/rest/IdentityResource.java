package dev.zeropin.registration.rest;

import dev.zeropin.mpin.MpinId;
import dev.zeropin.mpin.Wire;
import dev.zeropin.registration.service.IdentityManagementService;
import dev.zeropin.registration.service.IdentityService;
import dev.zeropin.support.problem.FieldErrors;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Issues identities (M-Pin client secrets) in exchange for activation tokens, and lets a device
 * revoke its identity or read its history. mpinIds travel in request bodies, never in paths, so
 * that they stay out of access logs, proxies' logs and browser histories (knowing one is enough to
 * lock an identity for a while, docs/security.md).
 */
@Path("/api/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Identities")
public class IdentityResource {

    private final IdentityService identities;
    private final IdentityManagementService management;

    public IdentityResource(IdentityService identities, IdentityManagementService management) {
        this.identities = identities;
        this.management = management;
    }

    /** An activation token, and a label for the device (e.g. "Firefox on Linux"). */
    public record CreateRequest(String activationToken, String deviceLabel) {}

    /**
     * A new identity. The client secret is shown once: the device turns it into a token with the
     * PIN and forgets it.
     */
    public record CreateResponse(
            String mpinId,
            String clientSecret,
            String hid,
            String curve,
            String userId,
            String clientId,
            String otpServiceUrl) {}

    /** Which identity (the one the Bearer assertion was issued for). */
    public record IdentityRequest(String mpinId) {}

    /** One entry of an identity's usage history. */
    public record HistoryEntry(
            String occurredAt, String type, String result, String nasName, String detail, String sourceAddress) {}

    @POST
    @Path("revocation")
    @Operation(
            summary = "Delete (revoke) this identity",
            description = "Body {mpinId}. Authorised by an identity assertion (Bearer) from a fresh PIN proof with"
                    + " purpose 'manage' for this very identity.")
    public Uni<Response> deleteIdentity(IdentityRequest request, @HeaderParam("Authorization") String authorization) {
        return management
                .deleteOwnIdentity(mpinIdOf(request), authorization)
                .replaceWith(Response.noContent().build());
    }

    @POST
    @Path("history")
    @Operation(
            summary = "The usage history of this identity",
            description =
                    "Body {mpinId}. Authorised like the revocation: an identity assertion from a fresh PIN" + " proof.")
    public Uni<Response> getHistory(IdentityRequest request, @HeaderParam("Authorization") String authorization) {
        return management
                .historyOfOwnIdentity(mpinIdOf(request), authorization)
                .map(events -> Response.ok(events.stream()
                                .map(event -> new HistoryEntry(
                                        event.occurredAt.toString(),
                                        event.type,
                                        event.result,
                                        event.nasName,
                                        event.detail,
                                        event.sourceAddress))
                                .toList())
                        .header("Cache-Control", "no-store")
                        .build());
    }

    @POST
    @Operation(summary = "Exchange a one-time activation token for an identity and its client secret")
    public Uni<Response> createIdentity(CreateRequest request) {
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.activationToken() != null, "activationToken", "is required");
        errors.check(
                request == null
                        || request.deviceLabel() == null
                        || request.deviceLabel().length() <= 64,
                "deviceLabel",
                "must be at most 64 characters");
        errors.throwIfAny();
        return identities
                .createIdentity(request.activationToken(), request.deviceLabel())
                .map(issued -> Response.status(Response.Status.CREATED)
                        .entity(new CreateResponse(
                                issued.mpinId(),
                                Wire.encode(issued.clientSecret()),
                                Wire.encode(issued.hid()),
                                Wire.CURVE,
                                issued.userId(),
                                issued.clientId(),
                                issued.otpServiceUrl()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    static String mpinIdOf(IdentityRequest request) {
        FieldErrors errors = new FieldErrors();
        errors.check(
                request != null && request.mpinId() != null && request.mpinId().length() <= MpinId.MAX_HEX_LENGTH,
                "mpinId",
                "is required");
        errors.throwIfAny();
        return request.mpinId();
    }
}
