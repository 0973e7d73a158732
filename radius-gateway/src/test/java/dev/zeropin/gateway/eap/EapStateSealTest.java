package dev.zeropin.gateway.eap;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EapStateSealTest {

    private static final long NOW = 1_800_000_000L;

    private static EapStateSeal seal(BigInteger scalar, long nowSeconds) {
        return new EapStateSeal(
                EapStateSeal.deriveKey(scalar), Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC), 2);
    }

    private static EapConversation pending(long expires) {
        return new EapConversation(
                EapPacket.MSCHAPV2,
                EapConversation.SUCCESS_SENT,
                7,
                3,
                3,
                expires,
                new byte[0],
                new EapConversation.PendingAccept(EapServer.random(16), EapServer.random(16), "é".repeat(200)));
    }

    @Test
    void opensWhatItSealedForTheSameNasAndUserOnlyUntilItExpires() {
        BigInteger scalar = new BigInteger(1, EapServer.random(32));
        EapConversation conversation = pending(NOW + 60);
        byte[] state = seal(scalar, NOW).seal(conversation, "nas", "alice");

        assertThat(state.length).isLessThanOrEqualTo(253);
        EapConversation opened =
                seal(scalar, NOW + 59).open(state, "nas", "alice").orElseThrow();
        assertThat(opened.pending().sendKey()).isEqualTo(conversation.pending().sendKey());
        assertThat(opened.pending().recvKey()).isEqualTo(conversation.pending().recvKey());
        assertThat(opened.pending().replyMessage()).isNotEmpty();
        assertThat("é".repeat(200)).startsWith(opened.pending().replyMessage());
        assertThat(seal(scalar, NOW + 60).open(state, "nas", "alice"))
                .as("expired")
                .isEmpty();
        assertThat(seal(scalar, NOW).open(state, "other-nas", "alice")).isEmpty();
        assertThat(seal(scalar, NOW).open(state, "nas", "bob")).isEmpty();
        assertThat(seal(scalar.add(BigInteger.ONE), NOW).open(state, "nas", "alice"))
                .as("another gateway key")
                .isEmpty();
        byte[] altered = state.clone();
        altered[20] ^= 0x40;
        assertThat(seal(scalar, NOW).open(altered, "nas", "alice")).isEmpty();
        assertThat(seal(scalar, NOW).open(new byte[5], "nas", "alice")).isEmpty();
    }

    @Test
    void aFinalStateIsConsumedOnceAndTheMemoryIsBounded() {
        EapStateSeal seal = seal(new BigInteger(1, EapServer.random(32)), NOW);
        byte[] first = seal.seal(pending(NOW + 60), "nas", "alice");
        byte[] second = seal.seal(pending(NOW + 60), "nas", "alice");
        byte[] third = seal.seal(pending(NOW + 60), "nas", "alice");

        assertThat(seal.consume(first, NOW + 60)).isTrue();
        assertThat(seal.consume(first, NOW + 60)).isFalse();
        assertThat(seal.consume(second, NOW + 60)).isTrue();
        assertThat(seal.consume(third, NOW + 60))
                .as("full: refused rather than forgotten")
                .isFalse();
    }
}
