package dev.zeropin.support.concurrent;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts events per key (e.g. a source address) in fixed windows and refuses those over the
 * limit, in memory: each replica limits on its own, which bounds the total by replicas × limit.
 * The number of keys held is bounded; when full, the oldest windows are dropped first.
 */
public final class RateLimiter {

    private final int limit;
    private final long windowMillis;
    private final int maxKeys;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window, int maxKeys, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /**
     * Counts one event for {@code key}.
     *
     * @return empty when allowed; otherwise the seconds until the window ends
     */
    public OptionalLong tryAcquire(String key) {
        long now = clock.millis();
        long start = now - now % windowMillis;
        if (windows.size() >= maxKeys) {
            windows.values().removeIf(window -> window.start < start);
        }
        Window window = windows.compute(
                key, (k, current) -> current == null || current.start != start ? new Window(start) : current);
        if (window.count.incrementAndGet() <= limit) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (start + windowMillis - now + 999) / 1000));
    }

    private static final class Window {
        private final long start;
        private final AtomicInteger count = new AtomicInteger();

        private Window(long start) {
            this.start = start;
        }
    }
}
