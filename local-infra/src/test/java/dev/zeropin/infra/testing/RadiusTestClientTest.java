package dev.zeropin.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test client's MS-CHAPv2 peer computes the RFC 2759 §9.2 and RFC 3079 §3.5.3 vectors. */
class RadiusTestClientTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void computesTheMsChapV2VectorsOfRfc2759AndRfc3079() {
        RadiusTestClient.MsChapV2Peer peer = RadiusTestClient.msChapV2Peer(
                "User",
                "clientPass",
                HEX.parseHex("5B5D7C7D7B3F2F3E3C2C602132262628"),
                HEX.parseHex("21402324255E262A28295F2B3A337C7E"));

        assertThat(HEX.formatHex(peer.ntResponse()))
                .isEqualToIgnoringCase("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
        assertThat(RadiusTestClient.expectedAuthenticatorResponse(peer))
                .isEqualTo("S=407A5589115FD0D6209F510FE9C04566932CDA56");
        assertThat(HEX.formatHex(RadiusTestClient.expectedServerMppeKeys(peer)[0]))
                .isEqualToIgnoringCase("8B7CDC149B993A1BA118CB153F56DCCB");
    }
}
