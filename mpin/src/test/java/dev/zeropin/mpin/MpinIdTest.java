package dev.zeropin.mpin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MpinIdTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void encodesProjectUserIssueTimeAndSaltAndParsesBack() {
        MpinId id = MpinId.issue("demo", "alice@example.com", Instant.parse("2026-11-28T10:15:30.500Z"), random);

        MpinId parsed = MpinId.parse(id.hex());

        assertThat(parsed).isEqualTo(id);
        assertThat(parsed.clientId()).isEqualTo("demo");
        assertThat(parsed.userId()).isEqualTo("alice@example.com");
        assertThat(parsed.issued()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        String json = new String(HexFormat.of().parseHex(id.hex()), StandardCharsets.UTF_8);
        assertThat(json)
                .matches("\\{\"v\":1,\"clientId\":\"demo\",\"userId\":\"alice@example.com\","
                        + "\"issued\":\"2026-11-28T10:15:30Z\",\"salt\":\"[0-9a-f]{32}\"}");
    }

    @Test
    void twoIssuesForTheSameUserDiffer() {
        Instant now = Instant.now();

        assertThat(MpinId.issue("demo", "a@example.com", now, random))
                .isNotEqualTo(MpinId.issue("demo", "a@example.com", now, random));
    }

    @Test
    void keepsTheExactBytesOfAnIdWrittenByAnotherImplementation() {
        String foreign = "{ \"v\": 1, \"userId\": \"b@example.com\", \"clientId\": \"demo\","
                + " \"issued\": \"2026-01-01T00:00:00Z\", \"salt\": \"00\" }";
        String hex = HexFormat.of().formatHex(foreign.getBytes(StandardCharsets.UTF_8));

        MpinId id = MpinId.parse(hex);

        assertThat(id.hex()).isEqualTo(hex);
        assertThat(id.userId()).isEqualTo("b@example.com");
    }

    @Test
    void refusesWhatIsNotAnMpinId() {
        for (String bad : new String[] {
            null,
            "",
            "abc",
            "zz",
            HexFormat.of().formatHex("{}".getBytes(StandardCharsets.UTF_8)),
            HexFormat.of().formatHex("[1]".getBytes(StandardCharsets.UTF_8)),
            HexFormat.of()
                    .formatHex(
                            "{\"v\":2,\"clientId\":\"d\",\"userId\":\"u\",\"issued\":\"2026-01-01T00:00:00Z\",\"salt\":\"00\"}"
                                    .getBytes(StandardCharsets.UTF_8)),
            HexFormat.of()
                    .formatHex("{\"v\":1,\"clientId\":\"d\",\"userId\":\"u\",\"issued\":\"yesterday\",\"salt\":\"00\"}"
                            .getBytes(StandardCharsets.UTF_8)),
            "a".repeat(2000)
        }) {
            assertThatThrownBy(() -> MpinId.parse(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
