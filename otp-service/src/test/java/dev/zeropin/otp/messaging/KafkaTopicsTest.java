package dev.zeropin.otp.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.otp.OtpTestResources;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The service creates the product's topics: state topics compacted, history topics expiring. */
@QuarkusTest
@OtpTestResources
class KafkaTopicsTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void createsStateTopicsCompactedAndHistoryTopicsWithRetention() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.listTopics().names().get().containsAll(Topics.ALL));

            for (String topic : Topics.ALL) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                String policy = admin.describeConfigs(List.of(resource))
                        .all()
                        .get()
                        .get(resource)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                        .value();
                boolean state = topic.equals(Topics.PROJECT_EVENTS)
                        || topic.equals(Topics.IDENTITY_EVENTS)
                        || topic.equals(Topics.RADIUS_CLIENT_EVENTS);
                assertThat(policy)
                        .as(topic)
                        .isEqualTo(state ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
            }
        }
    }
}
