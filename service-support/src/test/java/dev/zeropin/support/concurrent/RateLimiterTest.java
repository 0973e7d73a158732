package dev.zeropin.support.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now =
            new AtomicLong(Instant.parse("2026-11-28T10:00:00Z").toEpochMilli());
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void allowsTheLimitPerWindowThenSaysHowLongToWait() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), 100, clock);
        now.addAndGet(15_000);

        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).hasValue(45);
    }

    @Test
    void countsEachKeyOnItsOwn() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 100, clock);

        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
        assertThat(limiter.tryAcquire("10.0.0.2")).isEmpty();
    }

    @Test
    void startsAfreshInTheNextWindow() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 100, clock);
        limiter.tryAcquire("10.0.0.1");
        assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();

        now.addAndGet(60_000);

        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
    }

    @Test
    void holdsABoundedNumberOfKeys() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 10, clock);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("a" + i);
        }
        now.addAndGet(60_000);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("b" + i)).isEmpty();
        }
        assertThat(limiter.tryAcquire("a0")).as("a fresh window for an old key").isEmpty();
    }
}
