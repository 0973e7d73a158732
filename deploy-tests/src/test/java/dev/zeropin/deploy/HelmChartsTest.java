package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.zeropin.deploy.Charts.Rendered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The charts linted and rendered without a cluster, and what matters in the manifests checked. */
class HelmChartsTest {

    private static Rendered managed;

    @BeforeAll
    static void render() {
        managed = Charts.render("zeropin", "values-managed.yaml", Map.of());
    }

    private static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> all = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").forEach(all::add);
        return all;
    }

    @Test
    void everyChartPassesHelmLint() {
        // The umbrella last: its dependencies are in place once it has been rendered (@BeforeAll).
        for (String chart : List.of("registration-service", "otp-service", "radius-gateway", "zeropin")) {
            LintResult result = new Helm(Charts.chart(chart)).lint().strict().call();
            assertThat(result.isFailed())
                    .as(chart + ": " + result.getMessages())
                    .isFalse();
        }
    }

    @Test
    void theUmbrellaRendersTheThreeServicesWithBothExamples() {
        for (Rendered rendered : List.of(managed, Charts.render("zeropin", "values-generated.yaml", Map.of()))) {
            assertThat(rendered.ofKind("Deployment"))
                    .extracting(d -> d.path("metadata").path("name").asText())
                    .hasSize(3)
                    .anyMatch(name -> name.contains("registration-service"))
                    .anyMatch(name -> name.contains("otp-service"))
                    .anyMatch(name -> name.contains("radius-gateway"));
        }
    }

    @Test
    void everyPodIsProbedLimitedSpreadAndLockedDown() {
        for (JsonNode deployment : managed.ofKind("Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .as(name)
                    .isTrue();
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true))
                    .as(name)
                    .isFalse();
            assertThat(pod.has("topologySpreadConstraints")
                            || pod.path("affinity").has("podAntiAffinity"))
                    .as(name + " spreads its replicas")
                    .isTrue();
            for (JsonNode container : containers(deployment)) {
                assertThat(container
                                .path("livenessProbe")
                                .path("httpGet")
                                .path("path")
                                .asText())
                        .as(name)
                        .isEqualTo("/q/health/live");
                assertThat(container
                                .path("readinessProbe")
                                .path("httpGet")
                                .path("path")
                                .asText())
                        .as(name)
                        .isEqualTo("/q/health/ready");
                JsonNode security = container.path("securityContext");
                assertThat(security.path("readOnlyRootFilesystem").asBoolean())
                        .as(name)
                        .isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true))
                        .as(name)
                        .isFalse();
                assertThat(security.path("privileged").asBoolean(false))
                        .as(name)
                        .isFalse();
                assertThat(security.path("capabilities").path("drop").toString())
                        .as(name)
                        .contains("ALL");
                assertThat(container.path("resources").path("requests").has("memory"))
                        .as(name)
                        .isTrue();
                assertThat(container.path("resources").path("limits").has("memory"))
                        .as(name)
                        .isTrue();
            }
        }
    }

    @Test
    void radiusIsAUdpLoadBalancerThatKeepsTheNasSourceAddress() {
        JsonNode radius = managed.ofKind("Service").stream()
                .filter(s -> s.path("spec").path("ports").toString().contains("UDP"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no UDP Service in " + managed.names()));
        assertThat(radius.path("spec").path("type").asText()).isEqualTo("LoadBalancer");
        assertThat(radius.path("spec").path("externalTrafficPolicy").asText()).isEqualTo("Local");
        List<Integer> ports = new ArrayList<>();
        radius.path("spec").path("ports").forEach(port -> {
            assertThat(port.path("protocol").asText()).isEqualTo("UDP");
            ports.add(port.path("port").asInt());
        });
        assertThat(ports).containsExactlyInAnyOrder(1812, 1813);
        Rendered clusterIp = Charts.render("radius-gateway", null, Map.of("radius.service.type", "ClusterIP"));
        assertThat(clusterIp.ofKind("Service").toString()).contains("ClusterIP");
    }

    @Test
    void ingressesCarryOnlyPublicPathsAndTheConsoleOnlyWhenEnabled() {
        List<String> paths = paths(managed);
        assertThat(paths).contains("/otpgen", "/m").anyMatch(path -> path.startsWith("/api/v1"));
        assertThat(paths)
                .noneMatch(path -> path.startsWith("/internal"))
                .noneMatch(path -> path.startsWith("/q"))
                .noneMatch(path -> path.startsWith("/admin"))
                .noneMatch(path -> path.startsWith("/api/v1/admin"));

        Rendered withConsole = Charts.render(
                "zeropin",
                "values-managed.yaml",
                Map.of(
                        "global.zeropin.ingress.admin.enabled",
                        true,
                        "global.zeropin.ingress.admin.host",
                        "admin.example.com"));
        assertThat(paths(withConsole)).contains("/admin").noneMatch(path -> path.startsWith("/internal"));
    }

    private static List<String> paths(Rendered rendered) {
        List<String> paths = new ArrayList<>();
        for (JsonNode ingress : rendered.ofKind("Ingress")) {
            ingress.path("spec")
                    .path("rules")
                    .forEach(rule -> rule.path("http")
                            .path("paths")
                            .forEach(path -> paths.add(path.path("path").asText())));
        }
        return paths;
    }

    @Test
    void onlyTheGatewayReachesTheInternalApiAndServicesReachOnlyWhatTheyNeed() {
        List<JsonNode> policies = managed.ofKind("NetworkPolicy");
        assertThat(policies).hasSizeGreaterThanOrEqualTo(3);
        JsonNode otp = managed.named("NetworkPolicy", "otp-service");
        String otpIngress = otp.path("spec").path("ingress").toString();
        assertThat(otpIngress).contains("radius-gateway");
        for (JsonNode policy : policies) {
            assertThat(policy.path("spec").path("policyTypes").toString())
                    .as(policy.path("metadata").path("name").asText())
                    .contains("Ingress", "Egress");
            assertThat(policy.path("spec").path("egress").toString())
                    .as("egress is limited to named peers and ports")
                    .contains("port");
        }
    }

    @Test
    void everyChartRendersWithItsDefaultValues() {
        for (String chart : List.of("registration-service", "otp-service", "radius-gateway", "zeropin")) {
            Rendered defaults = Charts.render(chart, null, Map.of());
            assertThat(defaults.ofKind("Deployment")).as(chart).isNotEmpty();
            assertThat(defaults.ofKind("Secret"))
                    .as(chart + " renders no secret material")
                    .isEmpty();
        }
    }

    @Test
    void onlyTheGatewayMayConnectToOtpServiceWhenNothingElseIsEnabled() {
        JsonNode policy = Charts.render("otp-service", null, Map.of()).named("NetworkPolicy", "otp-service");
        JsonNode rules = policy.path("spec").path("ingress");
        assertThat(rules).as(rules.toString()).hasSize(1);
        JsonNode from = rules.get(0).path("from");
        assertThat(from).hasSize(1);
        assertThat(from.get(0)
                        .path("podSelector")
                        .path("matchLabels")
                        .path("app.kubernetes.io/name")
                        .asText())
                .isEqualTo("radius-gateway");
        assertThat(from.get(0).has("namespaceSelector")).isFalse();
        assertThat(rules.get(0).path("ports").toString()).contains("8081");
    }

    @Test
    void aBadValuesFileIsRefusedBeforeAnythingIsRendered() throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("bad-values", ".yaml");
        java.nio.file.Files.writeString(bad, """
                global:
                  zeropin:
                    publicUrl: 42
                radius-gateway:
                  replicaCount: -3
                  radius:
                    service:
                      externalTrafficPolicy: Sideways
                """);
        try {
            assertThatThrownBy(() -> new com.marcnuri.helm.Helm(Charts.chart("zeropin"))
                            .template()
                            .withName("zp")
                            .withValuesFile(bad)
                            .call())
                    .hasMessageContaining("values don't meet the specifications of the schema");
        } finally {
            java.nio.file.Files.delete(bad);
        }
    }

    @Test
    void otpServiceAndTheGatewayScaleAndEveryServiceHasADisruptionBudget() {
        assertThat(managed.ofKind("HorizontalPodAutoscaler"))
                .extracting(
                        h -> h.path("spec").path("scaleTargetRef").path("name").asText())
                .anyMatch(name -> name.contains("otp-service"))
                .anyMatch(name -> name.contains("radius-gateway"));
        assertThat(managed.ofKind("PodDisruptionBudget")).hasSize(3);
        assertThat(managed.ofKind("ServiceMonitor")).isEmpty();
        Rendered monitored = Charts.render(
                "zeropin", "values-managed.yaml", Map.of("global.zeropin.metrics.serviceMonitor.enabled", true));
        assertThat(monitored.ofKind("ServiceMonitor")).hasSize(3);
    }

    @Test
    void eachServiceMountsOnlyItsOwnKeysAndNoSecretIsInAConfigMap() {
        Map<String, List<String>> mine = Map.of(
                "registration-service", List.of("mpin-master-secret", "nas-secret-key", "activation-signing.jwk"),
                "otp-service", List.of("mpin-server-secret", "otp-encryption-key", "assertion-signing.jwk"),
                "radius-gateway", List.of("gateway-signing.jwk", "nas-secret-key"));
        Map<String, List<String>> forbidden = Map.of(
                "registration-service",
                        List.of(
                                "mpin-server-secret",
                                "otp-encryption-key",
                                "assertion-signing.jwk",
                                "gateway-signing.jwk"),
                "otp-service",
                        List.of(
                                "mpin-master-secret",
                                "nas-secret-key",
                                "activation-signing.jwk",
                                "gateway-signing.jwk"),
                "radius-gateway",
                        List.of(
                                "mpin-master-secret",
                                "mpin-server-secret",
                                "otp-encryption-key",
                                "assertion-signing.jwk"));
        for (String service : Charts.SERVICES) {
            JsonNode deployment = managed.named("Deployment", service);
            String volumes = deployment
                    .path("spec")
                    .path("template")
                    .path("spec")
                    .path("volumes")
                    .toString();
            assertThat(volumes).as(service).contains(mine.get(service));
            for (String other : forbidden.get(service)) {
                assertThat(volumes).as(service + " must not mount " + other).doesNotContain(other);
            }
        }
        for (JsonNode configMap : managed.ofKind("ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(entry -> {
                String value = entry.getValue().asText();
                if (entry.getKey().matches(".*(SECRET|PASSWORD|_KEY)$")) {
                    assertThat(value)
                            .as(configMap.path("metadata").path("name").asText() + " " + entry.getKey()
                                    + " names a file, never holds the secret")
                            .matches("(file:)?/.*");
                }
            });
        }
        assertThat(managed.ofKind("Secret"))
                .as("with existing Secrets, the charts create none")
                .isEmpty();
    }

    @Test
    void valuesThatBreakTheSchemaAreRefused() {
        assertThatThrownBy(() -> Charts.render("radius-gateway", null, Map.of("replicaCount", "many")))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> Charts.render("radius-gateway", null, Map.of("radius.service.type", "Ingress")))
                .hasMessageContaining("type");
        assertThatThrownBy(() -> Charts.render(
                        "zeropin", "values-managed.yaml", Map.of("global.zeropin.kafka.securityProtocol", "TLS")))
                .hasMessageContaining("securityProtocol");
    }
}
