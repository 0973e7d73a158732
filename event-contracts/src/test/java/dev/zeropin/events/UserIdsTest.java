package dev.zeropin.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserIdsTest {

    @Test
    void normalisesCaseAndSurroundingSpace() {
        assertThat(UserIds.normalise("  Alice.Smith+vpn@Example.COM ")).contains("alice.smith+vpn@example.com");
    }

    @Test
    void refusesWhatIsNotAnEmailAddress() {
        for (String bad : new String[] {
            null,
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@example",
            "a b@example.com",
            "alice@@example.com",
            "alice@example..com",
            "\"><script>@example.com",
            "a".repeat(250) + "@example.com",
            "alice@-example.com"
        }) {
            assertThat(UserIds.normalise(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void findsTheDomain() {
        assertThat(UserIds.domainOf("alice@mail.example.com")).isEqualTo("mail.example.com");
    }
}
