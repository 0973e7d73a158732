package dev.zeropin.gateway.eap;

import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.VerifyAnswer;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;

/**
 * EAP-GTC (RFC 3748 §5.6): the request carries a prompt, the response the OTP. RADIUS does not hide
 * an EAP-Message as it hides a User-Password, so the OTP crosses the NAS–gateway link in clear
 * (docs/radius.md says where that is acceptable); it is checked as a PAP password would be.
 */
final class EapGtc implements EapMethodHandler {

    private final byte[] prompt;

    EapGtc(String prompt) {
        this.prompt = prompt.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int type() {
        return EapPacket.GTC;
    }

    @Override
    public String label() {
        return AuthMethod.EAP_GTC.label();
    }

    @Override
    public boolean needsChallenge() {
        return false;
    }

    @Override
    public byte[] firstRequest(int identifier, byte[] challenge) {
        return prompt.clone();
    }

    @Override
    public Uni<EapStep> respond(EapServer.Round round, EapConversation conversation, EapPacket response) {
        String password = new String(response.data(), StandardCharsets.UTF_8);
        if (password.isEmpty()) {
            return Uni.createFrom().item(new EapStep.Reject(label(), VerifyAnswer.Reason.INVALID_OTP.code(), null));
        }
        return round.verify(
                label(),
                AuthMethod.EAP_GTC,
                new Credential.Pap(password),
                answer -> answer.accepted()
                        ? new EapStep.Accept(
                                label(),
                                EapPacket.result(EapPacket.SUCCESS, response.identifier()),
                                answer.replyMessage(),
                                null,
                                null)
                        : new EapStep.Reject(
                                label(),
                                answer.reason() == null
                                        ? "rejected"
                                        : answer.reason().code(),
                                answer.replyMessage()));
    }
}
