package dev.zeropin.otp.rest;

import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.UserIds;
import dev.zeropin.otp.service.MsChapV2;
import dev.zeropin.otp.service.OtpService;
import dev.zeropin.otp.service.OtpService.Verdict;
import dev.zeropin.support.problem.FieldErrors;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Verifies OTPs for radius-gateway. Requires the gateway's service token (role
 * {@code otp-verifier}); never exposed by the ingress.
 *
 * <p>Three forms, one per way a NAS presents the password: PAP (the OTP itself), CHAP (RFC 1994:
 * the MD5 response of the peer) and MS-CHAPv2 (RFC 2759: the NT-Response of the peer). Binary
 * values are hexadecimal (either case), as RADIUS tools print them.
 */
@Path("/internal/v1/otp")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("otp-verifier")
@Tag(name = "Internal: OTP verification")
@SecurityRequirement(name = "serviceToken")
public class InternalOtpResource {

    static final Set<String> METHODS = Set.of("PAP", "CHAP", "MSCHAPV2");
    static final int MAX_PASSWORD_LENGTH = 128;
    static final int MAX_USER_NAME_LENGTH = 253;

    private static final HexFormat HEX = HexFormat.of();

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
     * @param method PAP (default), CHAP or MSCHAPV2
     * @param password PAP: the User-Password
     * @param chapId CHAP: the identifier (0–255), the first octet of CHAP-Password
     * @param chapChallenge CHAP: the challenge (hex), CHAP-Challenge or else the Request Authenticator
     * @param chapResponse CHAP: the 16-byte response (hex), the rest of CHAP-Password
     * @param authenticatorChallenge MS-CHAPv2: the 16-byte MS-CHAP-Challenge (hex)
     * @param peerChallenge MS-CHAPv2: the 16-byte Peer-Challenge of MS-CHAP2-Response (hex)
     * @param ntResponse MS-CHAPv2: the 24-byte NT-Response of MS-CHAP2-Response (hex)
     * @param userName MS-CHAPv2: the user name exactly as the peer sent it (default: userId)
     */
    public record VerifyRequest(
            String clientId,
            String userId,
            String nasName,
            String method,
            String password,
            Integer chapId,
            String chapChallenge,
            String chapResponse,
            String authenticatorChallenge,
            String peerChallenge,
            String ntResponse,
            String userName) {}

    /**
     * ACCEPT or REJECT, with the reason and, when backed off, the seconds to wait.
     *
     * @param replyMessage the project's wording for the VPN user (RADIUS Reply-Message); empty or
     *     null means none
     * @param authenticatorResponse MS-CHAPv2 accepted: the {@code S=...} string for MS-CHAP2-Success
     * @param mppeSendKey MS-CHAPv2 accepted: the server's MasterSendKey (16 bytes, hex) for
     *     MS-MPPE-Send-Key
     * @param mppeRecvKey MS-CHAPv2 accepted: the server's MasterReceiveKey (16 bytes, hex) for
     *     MS-MPPE-Recv-Key
     */
    public record VerifyResponse(
            String result,
            String reason,
            Long retryAfterSeconds,
            String replyMessage,
            String authenticatorResponse,
            String mppeSendKey,
            String mppeRecvKey) {

        static VerifyResponse of(Verdict verdict) {
            return new VerifyResponse(
                    verdict.accepted() ? "ACCEPT" : "REJECT",
                    verdict.reason(),
                    verdict.retryAfterSeconds() > 0 ? verdict.retryAfterSeconds() : null,
                    verdict.replyMessage(),
                    null,
                    null,
                    null);
        }

        VerifyResponse with(MsChapV2.Success success) {
            return new VerifyResponse(
                    result,
                    reason,
                    retryAfterSeconds,
                    replyMessage,
                    success.authenticatorResponse(),
                    HEX.formatHex(success.masterSendKey()),
                    HEX.formatHex(success.masterReceiveKey()));
        }
    }

    @POST
    @Path("verify")
    @Operation(
            summary = "Check a PAP password, a CHAP or an MS-CHAPv2 response against the user's live OTPs"
                    + " and consume the matching one")
    public Uni<VerifyResponse> verify(VerifyRequest request) {
        FieldErrors errors = new FieldErrors();
        errors.check(request != null && request.clientId() != null, "clientId", "is required");
        String method = request == null || request.method() == null
                ? "PAP"
                : request.method().toUpperCase(Locale.ROOT);
        errors.check(METHODS.contains(method), "method", "must be one of " + METHODS);
        errors.throwIfAny();
        String userId = UserIds.normalise(request.userId()).orElse(null);
        return switch (method) {
            case "CHAP" -> verifyChap(request, userId);
            case "MSCHAPV2" -> verifyMsChapV2(request, userId);
            default -> verifyPap(request, userId);
        };
    }

    private Uni<VerifyResponse> verifyPap(VerifyRequest request, String userId) {
        FieldErrors errors = new FieldErrors();
        errors.check(
                request.password() != null
                        && !request.password().isEmpty()
                        && request.password().length() <= MAX_PASSWORD_LENGTH,
                "password",
                "is required (at most " + MAX_PASSWORD_LENGTH + " characters)");
        errors.throwIfAny();
        if (userId == null) {
            return unknownUser();
        }
        return otps.verifyPassword(request.clientId(), userId, request.password(), "PAP", request.nasName())
                .map(VerifyResponse::of);
    }

    private Uni<VerifyResponse> verifyChap(VerifyRequest request, String userId) {
        FieldErrors errors = new FieldErrors();
        errors.check(
                request.chapId() != null && request.chapId() >= 0 && request.chapId() <= 255,
                "chapId",
                "is required (0 to 255)");
        byte[] challenge = hex(request.chapChallenge(), 1, 253, "chapChallenge", errors);
        byte[] response = hex(request.chapResponse(), 16, 16, "chapResponse", errors);
        errors.throwIfAny();
        if (userId == null) {
            return unknownUser();
        }
        byte id = (byte) request.chapId().intValue();
        Predicate<byte[]> matches = otp -> {
            MessageDigest md5 = md5();
            md5.update(id);
            md5.update(otp);
            md5.update(challenge);
            return MessageDigest.isEqual(md5.digest(), response);
        };
        return otps.verify(request.clientId(), userId, "CHAP", request.nasName(), matches)
                .map(VerifyResponse::of);
    }

    private Uni<VerifyResponse> verifyMsChapV2(VerifyRequest request, String userId) {
        FieldErrors errors = new FieldErrors();
        byte[] authenticatorChallenge = hex(
                request.authenticatorChallenge(),
                MsChapV2.CHALLENGE_LENGTH,
                MsChapV2.CHALLENGE_LENGTH,
                "authenticatorChallenge",
                errors);
        byte[] peerChallenge = hex(
                request.peerChallenge(), MsChapV2.CHALLENGE_LENGTH, MsChapV2.CHALLENGE_LENGTH, "peerChallenge", errors);
        byte[] ntResponse = hex(
                request.ntResponse(), MsChapV2.NT_RESPONSE_LENGTH, MsChapV2.NT_RESPONSE_LENGTH, "ntResponse", errors);
        String userName = request.userName() != null ? request.userName() : request.userId();
        errors.check(
                userName != null && !userName.isEmpty() && userName.length() <= MAX_USER_NAME_LENGTH,
                "userName",
                "is required (at most " + MAX_USER_NAME_LENGTH + " characters)");
        errors.throwIfAny();
        if (userId == null) {
            return unknownUser();
        }
        MsChapV2.Attempt attempt = new MsChapV2.Attempt(authenticatorChallenge, peerChallenge, ntResponse, userName);
        // The first candidate that matches is the one OtpService consumes; its answer is kept here.
        AtomicReference<MsChapV2.Success> success = new AtomicReference<>();
        Predicate<byte[]> matches = otp -> {
            if (!attempt.matches(otp)) {
                return false;
            }
            success.compareAndSet(null, attempt.success(otp));
            return true;
        };
        return otps.verify(request.clientId(), userId, "MSCHAPV2", request.nasName(), matches)
                .map(verdict -> verdict.accepted() && success.get() != null
                        ? VerifyResponse.of(verdict).with(success.get())
                        : VerifyResponse.of(verdict));
    }

    private static Uni<VerifyResponse> unknownUser() {
        return Uni.createFrom()
                .item(new VerifyResponse(
                        "REJECT", "invalid_otp", null, ReplyMessages.DEFAULTS.reject(), null, null, null));
    }

    private static byte[] hex(String text, int min, int max, String field, FieldErrors errors) {
        byte[] bytes = null;
        if (text != null && text.length() <= 2 * max) {
            try {
                bytes = HEX.parseHex(text);
            } catch (IllegalArgumentException e) {
                bytes = null;
            }
        }
        boolean valid = bytes != null && bytes.length >= min && bytes.length <= max;
        errors.check(
                valid,
                field,
                min == max ? "must be " + min + " bytes in hex" : "must be " + min + " to " + max + " bytes in hex");
        return valid ? bytes : new byte[0];
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
