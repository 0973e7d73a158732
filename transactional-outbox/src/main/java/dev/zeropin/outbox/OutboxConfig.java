package dev.zeropin.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay publishes staged events. */
@ConfigMapping(prefix = "zeropin.outbox")
public interface OutboxConfig {

    /** Run the relay in this process; every replica may run it, one publishes at a time. */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * Longest wait between two looks at the outbox when this process staged nothing (events staged
     * by another replica wait at most this long when this replica holds the relay lock).
     */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Events published per batch (one database transaction). */
    @WithDefault("200")
    int batchSize();

    /** How long a batch may wait for Kafka's acknowledgements before it is retried. */
    @WithDefault("15s")
    Duration sendTimeout();

    /** Longest pause between retries while Kafka or PostgreSQL is unavailable. */
    @WithDefault("10s")
    Duration maxBackoff();

    /** How long published events are kept in the outbox table for inspection. */
    @WithDefault("P1D")
    Duration publishedRetention();

    /** How long the ids of consumed events are kept to drop redeliveries. */
    @WithDefault("P30D")
    Duration processedRetention();
}
