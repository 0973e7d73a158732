package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Autoscaling, disruption budgets and monitoring objects. */
class AvailabilityTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void otpServiceAndTheGatewayScaleOnCpu(Scenario scenario) {
        Manifests manifests = scenario.render();
        assertThat(manifests.names("HorizontalPodAutoscaler")).containsExactly("zp-otp-service", "zp-radius-gateway");
        for (String service : new String[] {Charts.OTP, Charts.GATEWAY}) {
            JsonNode hpa = manifests.get("HorizontalPodAutoscaler", "zp-" + service);
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("zp-" + service);
            assertThat(hpa.at("/spec/minReplicas").asInt())
                    .as("one replica is no redundancy")
                    .isGreaterThanOrEqualTo(2);
            assertThat(hpa.at("/spec/maxReplicas").asInt())
                    .isGreaterThanOrEqualTo(hpa.at("/spec/minReplicas").asInt());
            assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
            assertThat(manifests.deployment(service).at("/spec/replicas").isMissingNode())
                    .as("the HPA owns the replica count of %s", service)
                    .isTrue();
        }
        assertThat(manifests
                        .deployment(Charts.REGISTRATION)
                        .at("/spec/replicas")
                        .asInt())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void theManagedExampleScalesOtpServiceFurther() {
        JsonNode hpa = Scenario.MANAGED.render().get("HorizontalPodAutoscaler", "zp-otp-service");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyServiceHasADisruptionBudgetOverItsPods(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode pdb = manifests.get("PodDisruptionBudget", "zp-" + service);
            assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
            assertThat(pdb.at("/spec/selector/matchLabels"))
                    .isEqualTo(manifests.deployment(service).at("/spec/selector/matchLabels"));
        }
    }

    @Test
    void serviceMonitorsOnlyWhenAsked() {
        assertThat(Scenario.DEFAULTS.render().ofKind("ServiceMonitor")).isEmpty();
        Manifests manifests = Scenario.GENERATED.render();
        assertThat(manifests.names("ServiceMonitor"))
                .containsExactly("zp-otp-service", "zp-radius-gateway", "zp-registration-service");
        for (String service : Charts.SERVICES) {
            JsonNode monitor = manifests.get("ServiceMonitor", "zp-" + service);
            assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
            assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
            assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
            assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
            assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("15s");
            assertThat(monitor.at("/spec/selector/matchLabels"))
                    .isEqualTo(manifests.get("Service", "zp-" + service).at("/spec/selector"));
        }
    }

    @Test
    void theGrafanaDashboardIsValidJson() throws Exception {
        assertThat(Scenario.DEFAULTS.render().find("ConfigMap", "zp-zeropin-dashboard"))
                .isEmpty();
        JsonNode configMap = Scenario.GENERATED.render().get("ConfigMap", "zp-zeropin-dashboard");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard =
                new ObjectMapper().readTree(configMap.at("/data/zeropin.json").asText());
        assertThat(dashboard.path("panels").size()).isPositive();
    }

    @Test
    void theDashboardQueriesOnlyMetricsTheServicesRegister() throws IOException {
        String dashboard = Files.readString(Charts.sources().resolve("zeropin/dashboards/zeropin.json"));
        Set<String> registered = new TreeSet<>();
        Pattern literal = Pattern.compile("\"(zeropin\\.[a-z.]+)\"");
        for (String module : List.of(
                "registration-service", "otp-service", "radius-gateway", "transactional-outbox", "service-support")) {
            try (Stream<Path> sources = Files.walk(Charts.root().resolve(module).resolve("src/main/java"))) {
                for (Path source :
                        (Iterable<Path>) sources.filter(file -> file.toString().endsWith(".java"))::iterator) {
                    literal.matcher(Files.readString(source))
                            .results()
                            .forEach(match -> registered.add(match.group(1)));
                }
            }
        }
        Matcher queried = Pattern.compile("zeropin_[a-z_]+").matcher(dashboard);
        Set<String> metrics = new TreeSet<>();
        while (queried.find()) {
            metrics.add(queried.group());
        }
        assertThat(metrics).isNotEmpty();
        for (String metric : metrics) {
            String meter =
                    metric.replaceFirst("_(total|count|sum|max|bucket)$", "").replace('_', '.');
            assertThat(registered.contains(meter) || registered.contains(meter.replaceFirst("\\.seconds$", "")))
                    .as("%s is registered by a service", metric)
                    .isTrue();
        }
    }
}
