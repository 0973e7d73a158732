package dev.zeropin.otp.service;

import java.time.Duration;
import java.time.Instant;

/**
 * A count of failures that drains at a steady rate (a leaky bucket of whole failures): one failure
 * leaks out every {@code drainEvery}, counted from {@link #drainedAt}. A stranger who fails now and
 * then therefore never builds up a back-off, and a back-off that was earned fades away.
 *
 * @param failures failures not yet drained
 * @param drainedAt from this instant on, the next failure drains
 */
record DrainingCount(int failures, Instant drainedAt) {

    /** A stored count ({@code failures} not drained since {@code drainedAt}), drained to {@code now}. */
    static DrainingCount of(int failures, Instant drainedAt, Duration drainEvery, Instant now) {
        return new DrainingCount(failures, drainedAt).drainedTo(now, drainEvery);
    }

    /** This count at {@code now}, after what has leaked out since {@link #drainedAt}. */
    DrainingCount drainedTo(Instant now, Duration drainEvery) {
        if (failures == 0) {
            return new DrainingCount(0, now);
        }
        if (!now.isAfter(drainedAt)) {
            return this;
        }
        long leaked = Duration.between(drainedAt, now).toMillis() / Math.max(1, drainEvery.toMillis());
        if (leaked >= failures) {
            return new DrainingCount(0, now);
        }
        return new DrainingCount(failures - (int) leaked, drainedAt.plus(drainEvery.multipliedBy(leaked)));
    }

    /** One more failure at {@code now}; an empty count starts draining from now. */
    DrainingCount plusOne(Instant now) {
        return new DrainingCount(failures + 1, failures == 0 ? now : drainedAt);
    }
}
