package dev.zeropin.otp.rest;

import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.UserIds;
import dev.zeropin.otp.service.OtpService;
import dev.zeropin.support.problem.FieldErrors;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Verifies OTPs for radius-gateway. Requires the gateway's service token (role
 * {@code otp-verifier}); never exposed by the ingress.
 */
@Path("/internal/v1/otp")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("otp-verifier")
@Tag(name = "Internal: OTP verification")
@SecurityRequirement(name = "serviceToken")
public class InternalOtpResource {

    static final Set<String> METHODS = Set.of("PAP");
    static final int MAX_PASSWORD_LENGTH = 128;

    private final OtpService otps;

    public InternalOtpResource(OtpService otps) {
        this.otps = otps;
    }

    /**
     * A password to check for a user of a project.
     *
     * @param clientId the project of the NAS
     * @param userId the User-Name the NAS sent
     * @param nasName the RADIUS client, for the audit trail
     * @param method PAP (the password is the OTP)
     * @param password the User-Password (PAP)
     */
    public record VerifyRequest(String clientId, String userId, String nasName, String method, String password) {}

    /**
     * ACCEPT or REJECT, with the reason and, when backed off, the seconds to wait.
     *
     * @param replyMessage the project's wording for the VPN user (RADIUS Reply-Message); empty or
     *     null means none
     */
    public record VerifyResponse(String result, String reason, Long retryAfterSeconds, String replyMessage) {}

    @POST
    @Path("verify")
    @Operation(summary = "Check a password against the user's live OTPs and consume the matching one")
    public Uni<VerifyResponse> verify(VerifyRequest request) {
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.clientId() != null, "clientId", "is required");
        String userId =
                request == null ? null : UserIds.normalise(request.userId()).orElse(null);
        String method = request == null || request.method() == null
                ? "PAP"
                : request.method().toUpperCase(Locale.ROOT);
        errors.check(METHODS.contains(method), "method", "must be one of " + METHODS);
        errors.check(
                request != null
                        && request.password() != null
                        && !request.password().isEmpty()
                        && request.password().length() <= MAX_PASSWORD_LENGTH,
                "password",
                "is required (at most " + MAX_PASSWORD_LENGTH + " characters)");
        errors.throwIfAny();
        if (userId == null) {
            return Uni.createFrom()
                    .item(new VerifyResponse("REJECT", "invalid_otp", null, ReplyMessages.DEFAULTS.reject()));
        }
        return otps.verifyPassword(request.clientId(), userId, request.password(), method, request.nasName())
                .map(verdict -> new VerifyResponse(
                        verdict.accepted() ? "ACCEPT" : "REJECT",
                        verdict.reason(),
                        verdict.retryAfterSeconds() > 0 ? verdict.retryAfterSeconds() : null,
                        verdict.replyMessage()));
    }
}
