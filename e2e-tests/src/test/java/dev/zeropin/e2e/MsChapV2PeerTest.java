package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test peer itself against the vectors of RFC 2759 §9.2 and RFC 3079 §3.5.3, before it checks the product. */
class MsChapV2PeerTest {

    private static final HexFormat HEX = HexFormat.of();

    private final MsChapV2Peer peer = new MsChapV2Peer(
            "User",
            "clientPass",
            HEX.parseHex("5B5D7C7D7B3F2F3E3C2C602132262628"),
            HEX.parseHex("21402324255E262A28295F2B3A337C7E"));

    @Test
    void computesTheNtResponseAndTheAuthenticatorResponseOfRfc2759() {
        assertThat(peer.challengeHash()).isEqualTo(HEX.parseHex("D02E4386BCE91226"));
        assertThat(peer.passwordHash()).isEqualTo(HEX.parseHex("44EBBA8D5312B8D611474411F56989AE"));
        assertThat(peer.ntResponse()).isEqualTo(HEX.parseHex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"));
        assertThat(peer.authenticatorResponse()).isEqualTo("S=407A5589115FD0D6209F510FE9C04566932CDA56");
    }

    @Test
    void derivesTheSendKeyOfRfc3079() {
        assertThat(peer.serverSendKey()).isEqualTo(HEX.parseHex("8B7CDC149B993A1BA118CB153F56DCCB"));
        assertThat(peer.serverReceiveKey()).hasSize(16).isNotEqualTo(peer.serverSendKey());
    }

    @Test
    void buildsTheFiftyByteMsChap2Response() {
        byte[] value = peer.chap2Response(7);

        assertThat(value).hasSize(50);
        assertThat(value[0]).isEqualTo((byte) 7);
        assertThat(HEX.formatHex(value, 2, 18)).isEqualToIgnoringCase("21402324255E262A28295F2B3A337C7E");
        assertThat(HEX.formatHex(value, 26, 50))
                .isEqualToIgnoringCase("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
    }
}
