package dev.zeropin.otp.rest;

import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.UserIds;
import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.InternalOtpApi;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyBatch;
import dev.zeropin.internal.otp.VerifyBatchAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import dev.zeropin.otp.service.MsChapV2;
import dev.zeropin.otp.service.OtpService;
import dev.zeropin.otp.service.OtpService.LoginAttempt;
import dev.zeropin.otp.service.OtpService.Verdict;
import dev.zeropin.support.problem.FieldErrors;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Verifies OTPs for radius-gateway at {@link InternalOtpApi#VERIFY_PATH} (the literal root below is
 * what the ingress checks read). Requires the gateway's
 * service token (role {@value InternalOtpApi#VERIFIER_ROLE}); never exposed by the ingress.
 *
 * <p>The request and the answer are the records of the shared module {@code otp-internal-api}, so
 * that the gateway and this service cannot drift apart. The credential is one of three kinds: PAP
 * (the OTP itself), CHAP (RFC 1994: the MD5 response of the peer) and MS-CHAPv2 (RFC 2759: the
 * NT-Response of the peer); binary values travel as base64.
 */
@Path("/internal/v1/otp")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(InternalOtpApi.VERIFIER_ROLE)
@Tag(name = "Internal: OTP verification")
@SecurityRequirement(name = "serviceToken")
public class InternalOtpResource {

    /** Longest NAS name, address, Calling-Station-Id or NAS-Port-Id (one RADIUS attribute). */
    static final int MAX_NAS_FIELD_LENGTH = 253;

    private static final Set<AuthMethod> PAP_METHODS =
            Set.of(AuthMethod.PAP, AuthMethod.EAP_GTC, AuthMethod.EAP_TTLS, AuthMethod.PEAP);
    private static final Set<AuthMethod> MSCHAPV2_METHODS =
            Set.of(AuthMethod.MSCHAPV2, AuthMethod.EAP_MSCHAPV2, AuthMethod.PEAP);

    /** Unknown User IDs get the answer of a wrong OTP: the two cannot be told apart. */
    private static final VerifyAnswer UNKNOWN_USER = new VerifyAnswer(
            VerifyAnswer.Result.REJECT, VerifyAnswer.Reason.INVALID_OTP, null, ReplyMessages.DEFAULTS.reject(), null);

    /** One MD5 instance per thread for the CHAP check (looking one up per request costs a provider search). */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    });

    private final OtpService otps;

    public InternalOtpResource(OtpService otps) {
        this.otps = otps;
    }

    @POST
    @Path("verify")
    @Operation(
            summary = "Check a PAP password, a CHAP or an MS-CHAPv2 response against the user's live OTPs"
                    + " and consume the matching one")
    public Uni<VerifyAnswer> verify(VerifyRequest request) {
        FieldErrors errors = new FieldErrors();
        Prepared prepared = prepare(request, "", errors);
        errors.throwIfAny();
        if (prepared.check() == null) {
            return Uni.createFrom().item(prepared.immediate());
        }
        return otps.verify(
                        prepared.check().attempt(),
                        prepared.check().matches(),
                        prepared.check().password())
                .map(prepared.answer());
    }

    @POST
    @Path("verify-batch")
    @Operation(
            summary = "Check up to " + InternalOtpApi.MAX_BATCH + " credentials in one transaction; the answers"
                    + " come in the order of the requests")
    public Uni<VerifyBatchAnswer> verifyBatch(VerifyBatch batch) {
        FieldErrors errors = new FieldErrors();
        List<VerifyRequest> requests = batch == null || batch.requests() == null ? List.of() : batch.requests();
        errors.check(
                !requests.isEmpty() && requests.size() <= InternalOtpApi.MAX_BATCH,
                "requests",
                "holds 1 to " + InternalOtpApi.MAX_BATCH + " requests");
        errors.throwIfAny();
        List<Prepared> prepared = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            prepared.add(prepare(requests.get(i), "requests[" + i + "].", errors));
        }
        errors.throwIfAny();
        List<OtpService.Check> checks =
                prepared.stream().map(Prepared::check).filter(Objects::nonNull).toList();
        Uni<List<Verdict>> verdicts = checks.isEmpty() ? Uni.createFrom().item(List.of()) : otps.verifyAll(checks);
        return verdicts.map(decided -> {
            List<VerifyAnswer> answers = new ArrayList<>(prepared.size());
            int next = 0;
            for (Prepared one : prepared) {
                answers.add(one.check() == null ? one.immediate() : one.answer().apply(decided.get(next++)));
            }
            return new VerifyBatchAnswer(answers);
        });
    }

    /**
     * A request checked and ready to decide: either its answer is known already ({@code immediate},
     * an unknown user), or {@code check} goes to {@link OtpService} and {@code answer} turns its
     * verdict into the answer.
     */
    private record Prepared(VerifyAnswer immediate, OtpService.Check check, Function<Verdict, VerifyAnswer> answer) {

        static Prepared answered(VerifyAnswer answer) {
            return new Prepared(answer, null, null);
        }

        static Prepared decide(OtpService.Check check, Function<Verdict, VerifyAnswer> answer) {
            return new Prepared(null, check, answer);
        }
    }

    /** Validates a request, recording what is wrong under {@code prefix}; null when anything is. */
    private Prepared prepare(VerifyRequest request, String prefix, FieldErrors errors) {
        FieldErrors own = new FieldErrors();
        own.check(request != null && request.clientId() != null, "clientId", "is required");
        Credential credential = request == null ? null : request.credential();
        own.check(credential != null, "credential", "is required (type pap, chap or mschapv2)");
        if (!own.isEmpty()) {
            own.errors().forEach(e -> errors.add(prefix + e.field(), e.message()));
            return null;
        }
        AuthMethod method = request.method() != null ? request.method() : defaultMethod(credential);
        own.check(fits(method, credential), "method", "does not fit a credential of this type");
        checkNas(request.nas(), own);
        String userId = UserIds.normalise(request.userId()).orElse(null);
        LoginAttempt attempt = new LoginAttempt(request.clientId(), userId, method, request.nas());
        Prepared prepared;
        if (credential instanceof Credential.Pap pap) {
            prepared = preparePap(attempt, pap, own);
        } else if (credential instanceof Credential.Chap chap) {
            prepared = prepareChap(attempt, chap, own);
        } else {
            prepared = prepareMsChapV2(attempt, (Credential.MsChapV2) credential, request.userId(), own);
        }
        own.errors().forEach(e -> errors.add(prefix + e.field(), e.message()));
        return own.isEmpty() ? prepared : null;
    }

    private Prepared preparePap(LoginAttempt attempt, Credential.Pap pap, FieldErrors errors) {
        if (!errors.check(
                pap.password() != null
                        && !pap.password().isEmpty()
                        && pap.password().length() <= InternalOtpApi.MAX_PASSWORD_LENGTH,
                "credential.password",
                "is required (at most " + InternalOtpApi.MAX_PASSWORD_LENGTH + " characters)")) {
            return null;
        }
        if (attempt.userId() == null) {
            return Prepared.answered(UNKNOWN_USER);
        }
        byte[] presented = pap.password().getBytes(StandardCharsets.UTF_8);
        // The password itself: a NAS's retry of an accepted request can be recognised (OtpService).
        return Prepared.decide(
                new OtpService.Check(attempt, plain -> MessageDigest.isEqual(plain, presented), presented),
                InternalOtpResource::answer);
    }

    private Prepared prepareChap(LoginAttempt attempt, Credential.Chap chap, FieldErrors errors) {
        errors.check(chap.id() >= 0 && chap.id() <= 255, "credential.id", "must be 0 to 255");
        errors.check(
                chap.challenge() != null
                        && chap.challenge().length >= 1
                        && chap.challenge().length <= Credential.Chap.MAX_CHALLENGE_LENGTH,
                "credential.challenge",
                "must be 1 to " + Credential.Chap.MAX_CHALLENGE_LENGTH + " bytes");
        errors.check(
                chap.response() != null && chap.response().length == Credential.Chap.RESPONSE_LENGTH,
                "credential.response",
                "must be " + Credential.Chap.RESPONSE_LENGTH + " bytes");
        if (!errors.isEmpty()) {
            return null;
        }
        if (attempt.userId() == null) {
            return Prepared.answered(UNKNOWN_USER);
        }
        byte id = (byte) chap.id();
        byte[] challenge = chap.challenge();
        byte[] response = chap.response();
        Predicate<byte[]> matches = otp -> {
            MessageDigest md5 = MD5.get();
            md5.reset();
            md5.update(id);
            md5.update(otp);
            md5.update(challenge);
            return MessageDigest.isEqual(md5.digest(), response);
        };
        return Prepared.decide(new OtpService.Check(attempt, matches, null), InternalOtpResource::answer);
    }

    private Prepared prepareMsChapV2(
            LoginAttempt attempt, Credential.MsChapV2 credential, String requestUserId, FieldErrors errors) {
        errors.check(
                length(credential.authenticatorChallenge()) == Credential.MsChapV2.CHALLENGE_LENGTH,
                "credential.authenticatorChallenge",
                "must be " + Credential.MsChapV2.CHALLENGE_LENGTH + " bytes");
        errors.check(
                length(credential.peerChallenge()) == Credential.MsChapV2.CHALLENGE_LENGTH,
                "credential.peerChallenge",
                "must be " + Credential.MsChapV2.CHALLENGE_LENGTH + " bytes");
        errors.check(
                length(credential.ntResponse()) == Credential.MsChapV2.NT_RESPONSE_LENGTH,
                "credential.ntResponse",
                "must be " + Credential.MsChapV2.NT_RESPONSE_LENGTH + " bytes");
        String userName = credential.userName() != null ? credential.userName() : requestUserId;
        errors.check(
                userName != null && !userName.isEmpty() && userName.length() <= InternalOtpApi.MAX_USER_NAME_LENGTH,
                "credential.userName",
                "is required (at most " + InternalOtpApi.MAX_USER_NAME_LENGTH + " characters)");
        if (!errors.isEmpty()) {
            return null;
        }
        if (attempt.userId() == null) {
            return Prepared.answered(UNKNOWN_USER);
        }
        MsChapV2.Attempt check = new MsChapV2.Attempt(
                credential.authenticatorChallenge(), credential.peerChallenge(), credential.ntResponse(), userName);
        // The first candidate that matches is the one OtpService consumes; its answer is kept here.
        AtomicReference<MsChapV2.Success> success = new AtomicReference<>();
        Predicate<byte[]> matches = otp -> {
            if (!check.matches(otp)) {
                return false;
            }
            success.compareAndSet(null, check.success(otp));
            return true;
        };
        return Prepared.decide(new OtpService.Check(attempt, matches, null), verdict -> {
            MsChapV2.Success matched = success.get();
            VerifyAnswer answer = answer(verdict);
            if (!verdict.accepted() || matched == null) {
                return answer;
            }
            return new VerifyAnswer(
                    answer.result(),
                    answer.reason(),
                    answer.retryAfterSeconds(),
                    answer.replyMessage(),
                    new VerifyAnswer.MsChapV2Success(
                            matched.authenticatorResponse(), matched.masterSendKey(), matched.masterReceiveKey()));
        });
    }

    private static VerifyAnswer answer(Verdict verdict) {
        return new VerifyAnswer(
                verdict.accepted() ? VerifyAnswer.Result.ACCEPT : VerifyAnswer.Result.REJECT,
                verdict.reason(),
                verdict.retryAfterSeconds() > 0 ? verdict.retryAfterSeconds() : null,
                verdict.replyMessage(),
                null);
    }

    private static AuthMethod defaultMethod(Credential credential) {
        if (credential instanceof Credential.Pap) {
            return AuthMethod.PAP;
        }
        return credential instanceof Credential.Chap ? AuthMethod.CHAP : AuthMethod.MSCHAPV2;
    }

    private static boolean fits(AuthMethod method, Credential credential) {
        if (credential instanceof Credential.Pap) {
            return PAP_METHODS.contains(method);
        }
        if (credential instanceof Credential.Chap) {
            return method == AuthMethod.CHAP;
        }
        return MSCHAPV2_METHODS.contains(method);
    }

    private static void checkNas(NasSession nas, FieldErrors errors) {
        if (nas == null) {
            return;
        }
        String limit = "has at most " + MAX_NAS_FIELD_LENGTH + " characters";
        errors.check(fitsAttribute(nas.nasName()), "nas.nasName", limit);
        errors.check(fitsAttribute(nas.nasAddress()), "nas.nasAddress", limit);
        errors.check(fitsAttribute(nas.callingStationId()), "nas.callingStationId", limit);
        errors.check(fitsAttribute(nas.nasPortId()), "nas.nasPortId", limit);
    }

    private static boolean fitsAttribute(String value) {
        return value == null || value.length() <= MAX_NAS_FIELD_LENGTH;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }
}
