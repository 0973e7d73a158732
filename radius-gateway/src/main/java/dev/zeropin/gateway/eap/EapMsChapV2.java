package dev.zeropin.gateway.eap;

import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.VerifyAnswer;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2-02): Challenge, the peer's Response checked by
 * otp-service as an RFC 2759 MS-CHAPv2 response, Success-Request with the authenticator response,
 * and on the peer's Success-Response the Access-Accept with the MPPE keys (RFC 3079) that
 * otp-service computed. A wrong response ends in EAP-Failure at once.
 */
final class EapMsChapV2 implements EapMethodHandler {

    static final int CHALLENGE = 1;
    static final int RESPONSE = 2;
    static final int SUCCESS = 3;
    static final int FAILURE = 4;

    /** The authenticator's name in the Challenge (the peer does not use it in any computation). */
    private static final byte[] SERVER_NAME = "zeropin".getBytes(StandardCharsets.US_ASCII);

    private static final int RESPONSE_VALUE_SIZE = 49;

    @Override
    public int type() {
        return EapPacket.MSCHAPV2;
    }

    @Override
    public String label() {
        return AuthMethod.EAP_MSCHAPV2.label();
    }

    @Override
    public boolean needsChallenge() {
        return true;
    }

    /** OpCode 1, MS-CHAPv2-ID (the EAP identifier), MS-Length, Value-Size 16, the challenge, the name. */
    @Override
    public byte[] firstRequest(int identifier, byte[] challenge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(CHALLENGE);
        out.write(identifier);
        int length = 4 + 1 + challenge.length + SERVER_NAME.length;
        out.write(length >>> 8);
        out.write(length);
        out.write(challenge.length);
        out.writeBytes(challenge);
        out.writeBytes(SERVER_NAME);
        return out.toByteArray();
    }

    @Override
    public Uni<EapStep> respond(EapServer.Round round, EapConversation conversation, EapPacket response) {
        byte[] data = response.data();
        int opCode = data.length == 0 ? -1 : data[0] & 0xFF;
        if (conversation.stage() == EapConversation.SUCCESS_SENT) {
            if (opCode != SUCCESS || conversation.pending() == null) {
                // A Failure-Response: the peer did not accept the authenticator response.
                return now(new EapStep.Reject(label(), "peer_refused_success", null));
            }
            if (!round.consumeState(conversation)) {
                return now(new EapStep.Reject(label(), "invalid_state", EapServer.INVALID_STATE_MESSAGE));
            }
            EapConversation.PendingAccept pending = conversation.pending();
            return now(new EapStep.Accept(
                    label(),
                    EapPacket.result(EapPacket.SUCCESS, response.identifier()),
                    pending.replyMessage().isEmpty() ? null : pending.replyMessage(),
                    pending.sendKey(),
                    pending.recvKey()));
        }
        // OpCode, MS-CHAPv2-ID, MS-Length (2), Value-Size (49): Peer-Challenge (16), reserved (8),
        // NT-Response (24), Flags (1); then the peer's name.
        if (opCode != RESPONSE
                || data.length < 5 + RESPONSE_VALUE_SIZE
                || (data[4] & 0xFF) != RESPONSE_VALUE_SIZE
                || conversation.challenge().length != Credential.MsChapV2.CHALLENGE_LENGTH) {
            return now(new EapStep.Reject(label(), "invalid_eap", EapServer.INVALID_EAP_MESSAGE));
        }
        int msChapId = data[1] & 0xFF;
        byte[] peerChallenge = Arrays.copyOfRange(data, 5, 21);
        byte[] ntResponse = Arrays.copyOfRange(data, 29, 53);
        String name = new String(
                data, 5 + RESPONSE_VALUE_SIZE, data.length - 5 - RESPONSE_VALUE_SIZE, StandardCharsets.UTF_8);
        Credential credential =
                new Credential.MsChapV2(conversation.challenge(), peerChallenge, ntResponse, withoutDomain(name));
        return round.verify(label(), AuthMethod.EAP_MSCHAPV2, credential, answer -> {
            if (!answer.accepted()) {
                return new EapStep.Reject(
                        label(),
                        answer.reason() == null ? "rejected" : answer.reason().code(),
                        answer.replyMessage());
            }
            VerifyAnswer.MsChapV2Success success = answer.msChapV2();
            if (success == null
                    || success.authenticatorResponse() == null
                    || success.mppeSendKey() == null
                    || success.mppeRecvKey() == null) {
                return new EapStep.Reject(label(), "incomplete_answer", answer.replyMessage());
            }
            int identifier = (response.identifier() + 1) & 0xFF;
            String replyMessage = answer.replyMessage() == null ? "" : answer.replyMessage();
            EapConversation next = conversation.next(
                    EapPacket.MSCHAPV2,
                    EapConversation.SUCCESS_SENT,
                    identifier,
                    new byte[0],
                    new EapConversation.PendingAccept(success.mppeSendKey(), success.mppeRecvKey(), replyMessage));
            return round.challenge(
                    label(),
                    next,
                    EapPacket.of(
                            EapPacket.REQUEST,
                            identifier,
                            EapPacket.MSCHAPV2,
                            successRequest(msChapId, success.authenticatorResponse(), replyMessage)));
        });
    }

    /** OpCode 3, the Response's MS-CHAPv2-ID, MS-Length, then {@code S=<40 hex> M=<message>}. */
    static byte[] successRequest(int msChapId, String authenticatorResponse, String message) {
        byte[] text = (authenticatorResponse + " M=" + (message.isEmpty() ? "Login accepted" : message))
                .getBytes(StandardCharsets.UTF_8);
        int length = 4 + text.length;
        byte[] out = new byte[length];
        out[0] = SUCCESS;
        out[1] = (byte) msChapId;
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        System.arraycopy(text, 0, out, 4, text.length);
        return out;
    }

    /** RFC 2759 §8.2: the challenge hash uses the user name without a leading {@code DOMAIN\}. */
    static String withoutDomain(String name) {
        int backslash = name.lastIndexOf('\\');
        return backslash < 0 ? name : name.substring(backslash + 1);
    }

    private static Uni<EapStep> now(EapStep step) {
        return Uni.createFrom().item(step);
    }
}
