package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Services start without Kafka, say they are not ready, and recover when the broker comes. */
class KafkaAbsentAtStartTest {

    private LocalStack stack;

    @AfterEach
    void stopProduct() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void servicesStartNotReadyAndBecomeReadyWhenKafkaArrives() throws Exception {
        stack = new LocalStack(Stacks.freshOptions("no-kafka").withKafkaStarted(false));
        stack.startInfrastructure().startServices();
        List<ServiceProcess> services = List.of(stack.registration(), stack.otp(), stack.gateway());

        await().atMost(Duration.ofSeconds(90))
                .until(() -> services.stream().allMatch(service -> status(service, "/q/health/live") == 200));
        for (ServiceProcess service : services) {
            assertThat(service.readiness())
                    .as(service.name() + " without Kafka")
                    .isEqualTo(503);
            assertThat(service.isAlive()).isTrue();
        }

        stack.kafka().start();

        await().atMost(Duration.ofSeconds(90))
                .until(() -> services.stream().allMatch(service -> service.readiness() == 200));
    }

    private static int status(ServiceProcess service, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            return HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
