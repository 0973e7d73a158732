package dev.zeropin.gateway.eap;

import static dev.zeropin.gateway.eap.EapPeer.ACCESS_CHALLENGE;
import static dev.zeropin.gateway.eap.EapPeer.data;
import static dev.zeropin.gateway.eap.EapPeer.eapOf;
import static dev.zeropin.gateway.eap.EapPeer.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.gateway.GatewayTestResources;
import dev.zeropin.gateway.InjectRadius;
import dev.zeropin.gateway.RadiusFixture;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.gateway.radius.RadiusListener;
import dev.zeropin.infra.testing.RadiusTestClient;
import dev.zeropin.infra.testing.RadiusTestClient.Answer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EAP over RADIUS through the UDP listener, with an EAP peer written for the tests ({@link EapPeer}). */
@QuarkusTest
@GatewayTestResources
class EapServerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Inject
    RadiusListener listener;

    @Inject
    GatewayConfig config;

    @InjectRadius
    RadiusFixture radius;

    @AfterEach
    void normalOtpService() {
        radius.otpService().reset();
    }

    private RadiusTestClient nas() {
        return new RadiusTestClient(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.authPort()), radius.secret());
    }

    /**
     * The peer's MS-CHAPv2 response to the Challenge {@code request} for {@code otp}, computed
     * independently of the gateway and otp-service, and registered with the stand-in otp-service
     * as accepted with the RFC 2759 authenticator response and the RFC 3079 keys of that exchange.
     */
    private RadiusTestClient.MsChapV2Peer acceptedMsChapV2(byte[] request, String userName, String otp) {
        RadiusTestClient.MsChapV2Peer exchange = RadiusTestClient.msChapV2Peer(
                userName, otp, Arrays.copyOfRange(data(request), 5, 21), EapServer.random(16));
        byte[][] keys = RadiusTestClient.expectedServerMppeKeys(exchange);
        radius.otpService()
                .acceptNtResponse(
                        HEX.formatHex(exchange.ntResponse()),
                        RadiusTestClient.expectedAuthenticatorResponse(exchange),
                        HEX.formatHex(keys[0]),
                        HEX.formatHex(keys[1]));
        return exchange;
    }

    /** A conversation that has offered EAP-GTC in answer to the identity, ending at {@code expiresAtSeconds}. */
    private static EapConversation gtcOffered(byte[] request, long expiresAtSeconds) {
        return new EapConversation(
                EapPacket.GTC,
                EapConversation.METHOD_OFFERED,
                request[1] & 0xFF,
                1,
                1,
                expiresAtSeconds,
                new byte[0],
                null);
    }

    /** An Accept with EAP-Success or a Reject with EAP-Failure, answering {@code request}'s identifier. */
    private static void assertEapResult(Answer answer, int code, byte[] request) {
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
        byte eapCode = (byte) (code == RadiusTestClient.ACCESS_ACCEPT ? 3 : 4);
        assertThat(eapOf(answer)).isEqualTo(new byte[] {eapCode, request[1], 0, 4});
    }

    @Test
    void gtcIsOfferedAfterTheIdentityAndTheOtpIsAcceptedWithEapSuccess() {
        radius.otpService().acceptPassword("246810");
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "gtc@example.com");

            Answer challenge = peer.identity();

            assertThat(challenge.code()).isEqualTo(ACCESS_CHALLENGE);
            assertThat(challenge.firstAttributeType()).isEqualTo(RadiusTestClient.MESSAGE_AUTHENTICATOR);
            byte[] request = eapOf(challenge);
            assertThat(request[0]).as("EAP-Request").isEqualTo((byte) 1);
            assertThat(request[4]).as("EAP-GTC first").isEqualTo((byte) 6);
            assertThat(new String(data(request), StandardCharsets.UTF_8)).isEqualTo("One-time password");
            assertThat(radius.otpService().requests()).isEmpty();

            Answer accept = peer.gtc(request, "246810");

            assertEapResult(accept, RadiusTestClient.ACCESS_ACCEPT, request);
            assertThat(accept.replyMessage()).isEqualTo("Welcome");
            var sent = radius.otpService().requests().get(0);
            assertThat(sent.path("method").asText()).isEqualTo("EAP-GTC");
            assertThat(sent.at("/credential/type").asText()).isEqualTo("pap");
            assertThat(sent.path("userId").asText()).isEqualTo("gtc@example.com");
        }
    }

    @Test
    void gtcRejectsAWrongOtpWithEapFailureAndTheReplyMessage() {
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "gtc-wrong@example.com");
            byte[] request = eapOf(peer.identity());

            Answer reject = peer.gtc(request, "000000");

            assertEapResult(reject, RadiusTestClient.ACCESS_REJECT, request);
            assertThat(reject.replyMessage()).isEqualTo("Wrong or expired code");
        }
    }

    @Test
    void msChapV2AfterANakEndsWithEapSuccessAndTheMppeKeysOfTheExchange() throws Exception {
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "mschap@example.com");
            byte[] gtc = eapOf(peer.identity());

            Answer challenge = peer.send(response(gtc[1], 3, new byte[] {26})).orElseThrow();

            assertThat(challenge.code()).isEqualTo(ACCESS_CHALLENGE);
            byte[] request = eapOf(challenge);
            assertThat(request[4]).as("EAP-MSCHAPv2 after the Nak").isEqualTo((byte) 26);
            byte[] method = data(request);
            assertThat(method[0]).as("Challenge OpCode").isEqualTo((byte) 1);
            assertThat(method[4]).as("Value-Size").isEqualTo((byte) 16);
            byte[] authenticatorChallenge = Arrays.copyOfRange(method, 5, 21);
            RadiusTestClient.MsChapV2Peer exchange = acceptedMsChapV2(request, "mschap@example.com", "135790");
            String authenticatorResponse = RadiusTestClient.expectedAuthenticatorResponse(exchange);
            byte[][] keys = RadiusTestClient.expectedServerMppeKeys(exchange);

            Answer success =
                    peer.send(EapPeer.msChapV2Response(request, exchange)).orElseThrow();

            assertThat(success.code()).isEqualTo(ACCESS_CHALLENGE);
            byte[] successRequest = data(eapOf(success));
            assertThat(successRequest[0]).as("Success-Request OpCode").isEqualTo((byte) 3);
            assertThat(new String(successRequest, 4, successRequest.length - 4, StandardCharsets.UTF_8))
                    .isEqualTo(authenticatorResponse + " M=Welcome");
            assertThat(success.values(RadiusTestClient.MS_MPPE_SEND_KEY)).isEmpty();
            var sent = radius.otpService().requests().get(0);
            assertThat(sent.path("method").asText()).isEqualTo("EAP-MSCHAPV2");
            assertThat(sent.at("/credential/authenticatorChallenge").binaryValue())
                    .isEqualTo(authenticatorChallenge);
            assertThat(sent.at("/credential/userName").asText()).isEqualTo("mschap@example.com");

            Answer accept =
                    peer.send(response(eapOf(success)[1], 26, new byte[] {3})).orElseThrow();

            assertEapResult(accept, RadiusTestClient.ACCESS_ACCEPT, eapOf(success));
            assertThat(nas.decryptMppeKey(
                            accept.microsoft(RadiusTestClient.MS_MPPE_SEND_KEY).orElseThrow(), peer.lastRequest()))
                    .isEqualTo(keys[0]);
            assertThat(nas.decryptMppeKey(
                            accept.microsoft(RadiusTestClient.MS_MPPE_RECV_KEY).orElseThrow(), peer.lastRequest()))
                    .isEqualTo(keys[1]);
            assertThat(accept.replyMessage()).isEqualTo("Welcome");
            assertThat(radius.otpService().requests()).hasSize(1);
        }
    }

    @Test
    void aWrongMsChapV2ResponseEndsInEapFailure() {
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "mschap-wrong@example.com");
            byte[] request = peer.nakToMsChapV2();

            Answer reject = peer.send(EapPeer.msChapV2Response(
                            request[1], data(request)[1], EapServer.random(16), EapServer.random(24), "x"))
                    .orElseThrow();

            assertThat(reject.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(eapOf(reject)).isEqualTo(new byte[] {4, request[1], 0, 4});
            assertThat(reject.replyMessage()).isEqualTo("Wrong or expired code");
        }
    }

    @Test
    void aNakForNoOfferedMethodEndsInEapFailureWithAReplyMessage() {
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "nak@example.com");
            byte[] gtc = eapOf(peer.identity());

            // The peer wants only EAP-MD5 (4) or PEAP (25), which this gateway does not offer.
            Answer reject = peer.send(response(gtc[1], 3, new byte[] {4, 25})).orElseThrow();

            assertEapResult(reject, RadiusTestClient.ACCESS_REJECT, gtc);
            assertThat(reject.replyMessage()).isEqualTo(EapServer.NO_COMMON_METHOD_MESSAGE);
        }
        assertThat(radius.otpService().requests()).isEmpty();
    }

    @Test
    void anEapMessageWithoutMessageAuthenticatorIsDroppedEvenFromALegacyClient() throws Exception {
        try (RadiusTestClient nas = nas();
                RadiusTestClient legacy = new RadiusTestClient(
                        InetAddress.getByName("127.0.0.2"),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.authPort()),
                        radius.legacySecret())) {
            byte[] identity = response(0, 1, "legacy@example.com".getBytes(StandardCharsets.UTF_8));
            EapPeer fromNas = new EapPeer(nas, "legacy@example.com");
            EapPeer fromLegacy = new EapPeer(legacy, "legacy@example.com");

            assertThat(nas.exchange(nas.accessRequest(fromNas.attributes(identity, null), false), 700))
                    .isEmpty();
            assertThat(legacy.exchange(legacy.accessRequest(fromLegacy.attributes(identity, null), false), 700))
                    .as("RFC 3579 §3.2: discarded, whatever the client's legacy setting")
                    .isEmpty();
            List<RadiusTestClient.Attribute> withoutUserName =
                    fromLegacy.attributes(identity, null).subList(1, 2);
            assertThat(legacy.exchange(legacy.accessRequest(withoutUserName, false), 700))
                    .as("nor answered for want of a User-Name")
                    .isEmpty();
            assertThat(fromLegacy.identity().code()).isEqualTo(ACCESS_CHALLENGE);
        }
    }

    @Test
    void reassemblesAFragmentedEapResponseAndFragmentsALongEapRequest() {
        String longMessage = "Welcome. " + "This VPN is for staff only; every login is recorded. ".repeat(6);
        radius.otpService().acceptMessage(longMessage);
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "fragments@example.com");
            // An identity of 400 octets: two EAP-Message attributes (253 + 152).
            byte[] identity = ("fragments@example.com" + " ".repeat(379)).getBytes(StandardCharsets.UTF_8);
            Answer gtc = peer.send(response(0, 1, identity), null).orElseThrow();
            assertThat(gtc.code()).isEqualTo(ACCESS_CHALLENGE);
            byte[] broken = response(1, 1, identity);
            broken[3] = (byte) (broken[3] + 1);
            assertThat(peer.send(broken, null))
                    .as("a Length that does not match the fragments")
                    .isEmpty();

            byte[] request =
                    eapOf(peer.send(response(eapOf(gtc)[1], 3, new byte[] {26})).orElseThrow());
            RadiusTestClient.MsChapV2Peer exchange = acceptedMsChapV2(request, "fragments@example.com", "975310");

            Answer success =
                    peer.send(EapPeer.msChapV2Response(request, exchange)).orElseThrow();

            List<byte[]> fragments = success.values(EapPeer.EAP_MESSAGE);
            assertThat(fragments).hasSize(2);
            assertThat(fragments.get(0)).hasSize(253);
            byte[] successRequest = eapOf(success);
            assertThat(((successRequest[2] & 0xFF) << 8) | (successRequest[3] & 0xFF))
                    .isEqualTo(successRequest.length);
            assertThat(new String(data(successRequest), 4, data(successRequest).length - 4, StandardCharsets.UTF_8))
                    .endsWith(" M=" + longMessage);

            Answer accept =
                    peer.send(response(successRequest[1], 26, new byte[] {3})).orElseThrow();
            assertThat(accept.code()).isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            assertThat(longMessage).startsWith(accept.replyMessage());
            assertThat(accept.replyMessage()).isNotEmpty();
        }
    }

    @Test
    void aForgedStateOrAStateOfAnotherUserIsRejectedWithoutAVerification() {
        radius.otpService().acceptPassword("112233");
        try (RadiusTestClient nas = nas()) {
            EapPeer alice = new EapPeer(nas, "alice-state@example.com");
            byte[] request = eapOf(alice.identity());
            byte[] otp = "112233".getBytes(StandardCharsets.UTF_8);
            byte[] forged = alice.state().clone();
            forged[forged.length - 1] ^= 1;

            Answer tampered = alice.send(response(request[1], 6, otp), forged).orElseThrow();
            EapPeer mallory = new EapPeer(nas, "mallory-state@example.com");
            Answer stolen =
                    mallory.send(response(request[1], 6, otp), alice.state()).orElseThrow();

            for (Answer answer : List.of(tampered, stolen)) {
                assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
                assertThat(eapOf(answer)).isEqualTo(new byte[] {4, request[1], 0, 4});
                assertThat(answer.replyMessage()).isEqualTo(EapServer.INVALID_STATE_MESSAGE);
            }
            assertThat(radius.otpService().requests()).isEmpty();
            assertThat(alice.send(response(request[1], 6, otp)).orElseThrow().code())
                    .as("the genuine State still works")
                    .isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
        }
    }

    @Test
    void anExpiredStateIsRejected() {
        radius.otpService().acceptPassword("445566");
        EapStateSeal seal = new EapStateSeal(config);
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "expired@example.com");
            byte[] request = eapOf(peer.identity());
            EapConversation expired = gtcOffered(request, seal.nowSeconds() - 1);

            Answer answer = peer.send(
                            response(request[1], 6, "445566".getBytes(StandardCharsets.UTF_8)),
                            seal.seal(expired, RadiusFixture.NAS, "expired@example.com"))
                    .orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(answer.replyMessage()).isEqualTo(EapServer.INVALID_STATE_MESSAGE);
            assertThat(radius.otpService().requests()).isEmpty();
        }
    }

    @Test
    void aStateSealedByAnotherReplicaWithTheSameKeyFileContinuesTheConversation() {
        radius.otpService().acceptPassword("778899");
        // Another replica: its own seal, derived from the same signing key file, as every replica mounts it.
        EapStateSeal otherReplica = new EapStateSeal(config);
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "replica@example.com");
            byte[] request = eapOf(peer.identity());
            EapConversation offered = gtcOffered(request, otherReplica.nowSeconds() + 30);

            Answer accept = peer.send(
                            response(request[1], 6, "778899".getBytes(StandardCharsets.UTF_8)),
                            otherReplica.seal(offered, RadiusFixture.NAS, "replica@example.com"))
                    .orElseThrow();

            assertEapResult(accept, RadiusTestClient.ACCESS_ACCEPT, request);
        }
    }

    @Test
    void anOtpServiceTooSlowEndsTheConversationWithEapFailureAndTheUnavailableMessage() {
        radius.otpService().acceptPassword("101010");
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "slow@example.com");
            byte[] request = eapOf(peer.identity());
            radius.otpService().delay(2500);

            Answer reject = peer.gtc(request, "101010");

            assertEapResult(reject, RadiusTestClient.ACCESS_REJECT, request);
            assertThat(reject.replyMessage()).contains("unavailable");
        }
    }

    @Test
    void theFinalMsChapV2RoundCannotBeReplayedForASecondAccept() {
        try (RadiusTestClient nas = nas()) {
            EapPeer peer = new EapPeer(nas, "replay@example.com");
            byte[] request = peer.nakToMsChapV2();
            RadiusTestClient.MsChapV2Peer exchange = acceptedMsChapV2(request, "replay@example.com", "864200");
            byte[] success =
                    eapOf(peer.send(EapPeer.msChapV2Response(request, exchange)).orElseThrow());
            byte[] finalState = peer.state();
            byte[] successResponse = response(success[1], 26, new byte[] {3});

            assertThat(peer.send(successResponse, finalState).orElseThrow().code())
                    .isEqualTo(RadiusTestClient.ACCESS_ACCEPT);
            Answer replay = peer.send(successResponse, finalState).orElseThrow();

            assertThat(replay.code())
                    .as("a new Access-Request with the used State")
                    .isEqualTo(RadiusTestClient.ACCESS_REJECT);
            assertThat(replay.microsoft(RadiusTestClient.MS_MPPE_SEND_KEY)).isEmpty();
        }
    }
}
