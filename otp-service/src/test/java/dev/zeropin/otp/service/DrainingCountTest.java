package dev.zeropin.otp.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DrainingCountTest {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration EVERY = Duration.ofMinutes(3);

    @Test
    void oneFailureDrainsPerIntervalAndTheRestOfAnIntervalIsKept() {
        DrainingCount count = DrainingCount.of(5, T0, EVERY, T0.plusSeconds(400));

        assertThat(count.failures()).isEqualTo(3);
        assertThat(count.drainedAt()).isEqualTo(T0.plus(EVERY.multipliedBy(2)));
        assertThat(count.drainedTo(T0.plusSeconds(539), EVERY).failures()).isEqualTo(3);
        assertThat(count.drainedTo(T0.plusSeconds(540), EVERY).failures()).isEqualTo(2);
    }

    @Test
    void aDrainedCountIsEmptyAndStartsAgainFromTheNextFailure() {
        Instant later = T0.plus(Duration.ofHours(5));
        DrainingCount count = DrainingCount.of(7, T0, EVERY, later);

        assertThat(count).isEqualTo(new DrainingCount(0, later));
        assertThat(count.plusOne(later.plusSeconds(10))).isEqualTo(new DrainingCount(1, later.plusSeconds(10)));
    }

    @Test
    void anEmptyCountStartsFromNowAndNothingDrainsBeforeItsTime() {
        assertThat(DrainingCount.of(0, T0.minusSeconds(900), EVERY, T0)).isEqualTo(new DrainingCount(0, T0));
        DrainingCount count = new DrainingCount(2, T0);
        assertThat(count.drainedTo(T0.minusSeconds(30), EVERY)).isEqualTo(count);
        assertThat(count.plusOne(T0.plusSeconds(5))).isEqualTo(new DrainingCount(3, T0));
    }
}
