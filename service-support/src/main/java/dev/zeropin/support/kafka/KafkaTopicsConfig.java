package dev.zeropin.support.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The Kafka topics a service makes sure exist at start-up. */
@ConfigMapping(prefix = "zeropin.kafka")
public interface KafkaTopicsConfig {

    /** Create missing topics at start-up; turn off where topics are managed by an operator. */
    @WithDefault("true")
    boolean createTopics();

    /** Topics this service produces or consumes. */
    @WithDefault("project-events,identity-events,auth-events,radius-events,radius-client-events")
    List<String> topics();

    /**
     * Topics that carry state rather than history: the newest record per subject is what a new
     * consumer needs (a project's settings, an identity's state, a RADIUS client), so they are
     * created compacted instead of expiring after the retention time.
     */
    @WithDefault("project-events,identity-events,radius-client-events")
    List<String> compactedTopics();

    /** Partitions of a topic created by the service. */
    @WithDefault("3")
    int partitions();

    /** Replication factor of a topic created by the service; 3 in production clusters. */
    @WithDefault("1")
    short replicationFactor();
}
