package dev.zeropin.registration.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceAddressesTest {

    @Test
    void countsIpv4AddressesOneByOne() {
        assertThat(SourceAddresses.budgetSubject("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(SourceAddresses.budgetSubject("198.51.100.8")).isNotEqualTo("198.51.100.7");
    }

    @Test
    void countsIpv6AddressesByTheirSlash64() {
        String one = SourceAddresses.budgetSubject("2001:db8:1:2:aaaa::1");
        assertThat(one).isEqualTo("2001:db8:1:2::/64");
        assertThat(SourceAddresses.budgetSubject("2001:0DB8:0001:0002:ffff:1:2:3"))
                .isEqualTo(one);
        assertThat(SourceAddresses.budgetSubject("2001:db8:1:3::1")).isNotEqualTo(one);
    }

    @Test
    void treatsIpv4MappedAddressesAsIpv4AndUnknownAsItself() {
        assertThat(SourceAddresses.budgetSubject("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(SourceAddresses.budgetSubject("unknown")).isEqualTo("unknown");
        assertThat(SourceAddresses.budgetSubject(null)).isEqualTo("unknown");
    }
}
