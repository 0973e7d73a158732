package dev.zeropin.support.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one parser of RADIUS client addresses, shared by registration-service and the gateway. */
class CidrTest {

    @Test
    void aSingleAddressIsItsOwnRange() {
        assertThat(Cidr.parse("192.0.2.10")).map(Cidr::toString).contains("192.0.2.10/32");
        assertThat(Cidr.parse(" 2001:db8::1 ")).map(Cidr::toString).contains("2001:db8:0:0:0:0:0:1/128");
    }

    @Test
    void hostBitsAreClearedSoThatEveryoneStoresAndMatchesTheSameRange() {
        assertThat(Cidr.parse("192.0.2.77/24")).map(Cidr::toString).contains("192.0.2.0/24");
        assertThat(Cidr.parse("10.1.2.3/8")).map(Cidr::toString).contains("10.0.0.0/8");
        assertThat(Cidr.parse("2001:db8:1:2::5/32")).map(Cidr::toString).contains("2001:db8:0:0:0:0:0:0/32");
        assertThat(Cidr.parse("0.0.0.0/0")).map(Cidr::toString).contains("0.0.0.0/0");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "localhost",
                "nas.example.com",
                "192.0.2",
                "192.0.2.1/33",
                "2001:db8::/129",
                "192.0.2.1/",
                "192.0.2.1/-1",
                "192.0.2.1/24/8",
                "192.0.2.1/x",
                "256.1.1.1",
                "1.2.3.4.5",
                "http://192.0.2.1"
            })
    void anythingButALiteralAddressOrRangeIsRefusedWithoutANameLookup(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @Test
    void nullAndOverlongTextAreRefused() {
        assertThat(Cidr.parse(null)).isEmpty();
        assertThat(Cidr.parse("1".repeat(65))).isEmpty();
    }

    @Test
    void containsMatchesTheRangeAndIpv4MappedAddresses() throws Exception {
        Cidr range = Cidr.parse("192.0.2.0/24").orElseThrow();
        assertThat(range.contains(InetAddress.getByName("192.0.2.200"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("192.0.3.1"))).isFalse();
        assertThat(range.contains(InetAddress.getByAddress(
                        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 192, 0, 2, 9})))
                .isTrue();
        assertThat(range.contains(InetAddress.getByName("2001:db8::1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").orElseThrow().contains(InetAddress.getByName("2001:db8:ffff::1")))
                .isTrue();
    }

    @Test
    void rangesOverlapWhenOneHoldsTheOther() {
        Cidr wide = Cidr.parse("10.0.0.0/8").orElseThrow();

        assertThat(wide.overlaps(Cidr.parse("10.20.30.40").orElseThrow())).isTrue();
        assertThat(Cidr.parse("10.20.30.40/32").orElseThrow().overlaps(wide)).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0")
                        .orElseThrow()
                        .overlaps(Cidr.parse("192.0.2.1").orElseThrow()))
                .isTrue();
        assertThat(wide.overlaps(Cidr.parse("11.0.0.0/8").orElseThrow())).isFalse();
        assertThat(Cidr.parse("192.0.2.0/25")
                        .orElseThrow()
                        .overlaps(Cidr.parse("192.0.2.128/25").orElseThrow()))
                .isFalse();
        assertThat(Cidr.parse("::/0").orElseThrow().overlaps(wide)).isFalse();
        assertThat(Cidr.parse("2001:db8::/32")
                        .orElseThrow()
                        .overlaps(Cidr.parse("2001:db8:1::/48").orElseThrow()))
                .isTrue();
        assertThat(wide.isIpv4()).isTrue();
    }
}
