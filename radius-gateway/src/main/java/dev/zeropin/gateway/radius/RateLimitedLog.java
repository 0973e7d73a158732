package dev.zeropin.gateway.radius;

import io.quarkus.logging.Log;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs at most one line per reason and interval, with the number of occurrences suppressed in
 * between: a flood of bad packets cannot flood the log.
 */
public final class RateLimitedLog {

    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code message} (a format with {@code args}) at WARN unless {@code reason} was logged recently. */
    public void warn(String reason, String message, Object... args) {
        Window window = windows.computeIfAbsent(reason, key -> new Window());
        long now = System.nanoTime();
        long last = window.lastLogged.get();
        if (last != 0 && now - last < intervalNanos) {
            window.suppressed.incrementAndGet();
            return;
        }
        if (!window.lastLogged.compareAndSet(last, now)) {
            window.suppressed.incrementAndGet();
            return;
        }
        long suppressed = window.suppressed.getAndSet(0);
        String line = String.format(message, args);
        if (suppressed > 0) {
            Log.warnf("%s (%d similar suppressed)", line, suppressed);
        } else {
            Log.warn(line);
        }
    }

    private static final class Window {
        private final AtomicLong lastLogged = new AtomicLong();
        private final AtomicLong suppressed = new AtomicLong();
    }
}
