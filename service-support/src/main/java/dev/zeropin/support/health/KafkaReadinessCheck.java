package dev.zeropin.support.health;

import dev.zeropin.support.kafka.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Kafka connection: UP when the cluster answers a describe-cluster call within
 * two seconds. Asynchronous end to end; it never blocks an event-loop thread.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;

    public KafkaReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> config = KafkaClients.admin(kafkaConfig, "zeropin-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis());
        return Uni.createFrom()
                .completionStage(() -> admin.describeCluster(options).nodes().toCompletionStage())
                .ifNoItem()
                .after(TIMEOUT.plusMillis(500))
                .fail()
                .map(nodes -> HealthCheckResponse.named("kafka")
                        .status(!nodes.isEmpty())
                        .withData("brokers", nodes.size())
                        .build())
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named("kafka")
                        .down()
                        .withData("error", "Kafka cluster unreachable")
                        .build());
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
