package dev.zeropin.registration.rest;

import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.registration.service.RegistrationService;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Registration of a User ID: start, verify by e-mailed code or link, poll. */
@Path("/api/v1/registrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Registration")
public class RegistrationResource {

    private final RegistrationService registrations;

    public RegistrationResource(RegistrationService registrations) {
        this.registrations = registrations;
    }

    /** Starts a registration; {@code channel} is {@code browser} (default) or {@code mobile}. */
    public record StartRequest(String clientId, String userId, String deviceLabel, String channel) {}

    /** How the registration may be verified. */
    public record Verification(Set<VerificationMethod> methods, int codeLength, String expiresAt) {}

    /** A started registration. */
    public record StartResponse(String registrationId, Verification verification) {}

    /** The code typed by the user, or the token of the e-mailed link. */
    public record VerifyRequest(String code, String linkToken) {}

    /** The activation token, exchanged once for an identity. */
    public record VerifyResponse(String activationToken, long expiresIn) {}

    /**
     * Where a registration stands, and its verification e-mail: {@code QUEUED}, {@code DELAYED} (an
     * attempt failed; it is retried), {@code SENT} or {@code EXPIRED}.
     */
    public record StatusResponse(String registrationId, String status, String expiresAt, String email) {}

    @POST
    @Operation(
            summary = "Register a User ID",
            description = "Queues a verification code and/or link by e-mail; the answer does not wait for the"
                    + " SMTP server (GET the registration for the e-mail's state). The answer is the same whether the"
                    + " User ID is registered already or not.")
    public Uni<Response> startRegistration(StartRequest request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ProblemException.badRequest("missing_body", "The request needs a JSON body.");
        }
        return registrations
                .startRegistration(
                        request.clientId(),
                        request.userId(),
                        request.deviceLabel(),
                        request.channel() == null ? "browser" : request.channel(),
                        sourceAddress(http))
                .map(started -> Response.accepted(new StartResponse(
                                started.registrationId().toString(),
                                new Verification(
                                        started.methods(),
                                        RegistrationService.CODE_LENGTH,
                                        started.expiresAt().toString())))
                        .build());
    }

    @GET
    @Path("{registrationId}")
    @Operation(
            summary = "Show where a registration stands (PENDING, VERIFIED, VOID) and its e-mail"
                    + " (QUEUED, DELAYED, SENT, EXPIRED)")
    public Uni<StatusResponse> getRegistration(@PathParam("registrationId") String registrationId) {
        return registrations
                .getRegistration(parseId(registrationId))
                .map(status -> new StatusResponse(
                        status.registration().id.toString(),
                        status.registration().status.name(),
                        status.registration().expiresAt.toString(),
                        status.email().name()));
    }

    @POST
    @Path("{registrationId}/verification")
    @Operation(summary = "Verify with the e-mailed code or the link's token; returns a one-time activation token")
    public Uni<Response> verifyRegistration(@PathParam("registrationId") String registrationId, VerifyRequest request) {
        FieldErrors errors = new FieldErrors();
        boolean hasCode = request != null && request.code() != null;
        boolean hasLink = request != null && request.linkToken() != null;
        errors.check(hasCode != hasLink, "code", "send either code or linkToken");
        errors.check(
                !hasCode || request.code().strip().matches("\\d{" + RegistrationService.CODE_LENGTH + "}"),
                "code",
                "must be " + RegistrationService.CODE_LENGTH + " digits");
        errors.check(!hasLink || request.linkToken().length() <= 64, "linkToken", "is not a link token");
        errors.throwIfAny();
        return registrations
                .verifyRegistration(
                        parseId(registrationId), hasCode ? request.code() : null, hasLink ? request.linkToken() : null)
                .map(verified -> Response.ok(
                                new VerifyResponse(verified.activationToken(), verified.expiresInSeconds()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    static String sourceAddress(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("registration_not_found", "There is no such registration.");
        }
    }
}
