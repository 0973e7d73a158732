package dev.zeropin.gateway.eap;

import dev.zeropin.infra.testing.RadiusTestClient;
import dev.zeropin.infra.testing.RadiusTestClient.Answer;
import dev.zeropin.infra.testing.RadiusTestClient.Attribute;
import dev.zeropin.infra.testing.RadiusTestClient.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An EAP peer behind a NAS, written from RFC 3748, RFC 3579 and draft-kamath for the tests: it
 * builds the EAP Responses byte by byte and carries them in Access-Requests with the State of the
 * last Access-Challenge, cut into EAP-Message attributes of at most 253 octets.
 */
final class EapPeer {

    static final int ACCESS_CHALLENGE = 11;
    static final int EAP_MESSAGE = 79;
    static final int STATE = 24;

    private final RadiusTestClient nas;
    private final String userName;
    private byte[] state;
    private Request lastRequest;

    EapPeer(RadiusTestClient nas, String userName) {
        this.nas = nas;
        this.userName = userName;
    }

    /** An EAP packet: code, identifier, then for a Request or Response the type and data. */
    static byte[] eap(int code, int identifier, int type, byte[] data) {
        int length = 5 + data.length;
        byte[] out = new byte[length];
        out[0] = (byte) code;
        out[1] = (byte) identifier;
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        out[4] = (byte) type;
        System.arraycopy(data, 0, out, 5, data.length);
        return out;
    }

    static byte[] response(int identifier, int type, byte[] data) {
        return eap(2, identifier, type, data);
    }

    /** The attributes of an Access-Request carrying {@code eap} (cut at 253 octets) and {@code state}. */
    List<Attribute> attributes(byte[] eap, byte[] withState) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of(RadiusTestClient.USER_NAME, userName));
        for (int start = 0; start < eap.length; start += 253) {
            attributes.add(
                    Attribute.of(EAP_MESSAGE, Arrays.copyOfRange(eap, start, Math.min(eap.length, start + 253))));
        }
        if (withState != null) {
            attributes.add(Attribute.of(STATE, withState));
        }
        return attributes;
    }

    /** Sends {@code eap} with the State of the last challenge; remembers the new State. */
    Optional<Answer> send(byte[] eap) {
        return send(eap, state);
    }

    Optional<Answer> send(byte[] eap, byte[] withState) {
        lastRequest = nas.accessRequest(attributes(eap, withState), true);
        Optional<Answer> answer = nas.exchange(lastRequest, 3000);
        answer.filter(a -> a.code() == ACCESS_CHALLENGE).ifPresent(a -> state = state(a));
        return answer;
    }

    Request lastRequest() {
        return lastRequest;
    }

    byte[] state() {
        return state;
    }

    /** EAP-Response/Identity with identifier 0. */
    Answer identity() {
        return send(response(0, 1, userName.getBytes(StandardCharsets.UTF_8)), null)
                .orElseThrow();
    }

    /** Identity, then a Nak of the EAP-GTC offer asking for EAP-MSCHAPv2: the EAP-MSCHAPv2 Challenge. */
    byte[] nakToMsChapV2() {
        byte[] gtc = eapOf(identity());
        return eapOf(send(response(gtc[1], 3, new byte[] {26})).orElseThrow());
    }

    /** EAP-Response/GTC with {@code otp}, answering the EAP-Request {@code request}. */
    Answer gtc(byte[] request, String otp) {
        return send(response(request[1], 6, otp.getBytes(StandardCharsets.UTF_8)))
                .orElseThrow();
    }

    /** The EAP packet of an answer: its EAP-Message attributes joined. */
    static byte[] eapOf(Answer answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        answer.values(EAP_MESSAGE).forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] state(Answer answer) {
        List<byte[]> states = answer.values(STATE);
        if (states.size() != 1) {
            throw new AssertionError("an Access-Challenge carries one State, not " + states.size());
        }
        return states.get(0);
    }

    /** The type data of an EAP-Request or Response. */
    static byte[] data(byte[] eap) {
        return Arrays.copyOfRange(eap, 5, eap.length);
    }

    /** The EAP-MSCHAPv2 Response of {@code exchange} to the Challenge {@code request}. */
    static byte[] msChapV2Response(byte[] request, RadiusTestClient.MsChapV2Peer exchange) {
        return msChapV2Response(
                request[1], data(request)[1], exchange.peerChallenge(), exchange.ntResponse(), exchange.userName());
    }

    /** EAP-MSCHAPv2 Response (draft-kamath §2): OpCode 2, MS-CHAPv2-ID, MS-Length, 49 octets, name. */
    static byte[] msChapV2Response(int identifier, int msChapId, byte[] peerChallenge, byte[] ntResponse, String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[5 + 49 + nameBytes.length];
        data[0] = 2;
        data[1] = (byte) msChapId;
        data[2] = (byte) (data.length >>> 8);
        data[3] = (byte) data.length;
        data[4] = 49;
        System.arraycopy(peerChallenge, 0, data, 5, 16);
        System.arraycopy(ntResponse, 0, data, 29, 24);
        System.arraycopy(nameBytes, 0, data, 54, nameBytes.length);
        return response(identifier, 26, data);
    }
}
