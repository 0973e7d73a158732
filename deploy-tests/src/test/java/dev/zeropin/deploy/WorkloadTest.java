package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Deployments of the three services: probes, locked-down containers, spreading, resources. */
class WorkloadTest {

    private static final Map<String, Integer> HTTP_PORTS =
            Map.of(Charts.REGISTRATION, 8080, Charts.OTP, 8081, Charts.GATEWAY, 8082);

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyServiceHasOneDeployment(Scenario scenario) {
        assertThat(scenario.render().names("Deployment"))
                .containsExactly("zp-otp-service", "zp-radius-gateway", "zp-registration-service");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void probesUseTheHealthEndpointsOnTheHttpPort(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode container = manifests.container(service);
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(container.at("/" + probe + "/httpGet/port").asText())
                        .as("%s %s port", service, probe)
                        .isEqualTo("http");
            }
            JsonNode http = Manifests.elements(container.path("ports")).stream()
                    .filter(port -> port.path("name").asText().equals("http"))
                    .findFirst()
                    .orElseThrow();
            assertThat(http.path("containerPort").asInt()).isEqualTo(HTTP_PORTS.get(service));
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void containersRunAsNonRootWithReadOnlyRootAndNoPrivileges(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode pod = manifests.deployment(service).at("/spec/template/spec");
            JsonNode container = manifests.container(service);
            JsonNode context = container.path("securityContext");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            assertThat(context.path("runAsNonRoot").asBoolean()).as(service).isTrue();
            assertThat(context.path("readOnlyRootFilesystem").asBoolean())
                    .as(service)
                    .isTrue();
            assertThat(context.path("allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(context.path("allowPrivilegeEscalation").asBoolean())
                    .as(service)
                    .isFalse();
            assertThat(context.path("privileged").asBoolean()).as(service).isFalse();
            assertThat(Manifests.elements(context.at("/capabilities/drop")))
                    .extracting(JsonNode::asText)
                    .containsExactly("ALL");
            assertThat(context.at("/capabilities/add").isMissingNode()).isTrue();
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
            assertThat(pod.path("hostNetwork").asBoolean()).isFalse();
            // A read-only root needs a writable /tmp (Vert.x file cache, JVM temp files).
            assertThat(mountPaths(container)).contains("/tmp");
        }
    }

    @Test
    void theUserMatchesTheImageVariant() {
        assertThat(runAsUser(Scenario.DEFAULTS.render(), Charts.REGISTRATION))
                .as("jvm images (ubi9/openjdk-17-runtime) run as 185")
                .isEqualTo(185);
        assertThat(runAsUser(Scenario.GENERATED.render(), Charts.REGISTRATION))
                .as("native images (Dockerfile.native) run as 1001")
                .isEqualTo(1001);
        Manifests platform = Charts.render(Charts.UMBRELLA, Map.of("global.zeropin.podSecurity.runAsUser", "none"));
        JsonNode podContext = platform.deployment(Charts.OTP).at("/spec/template/spec/securityContext");
        assertThat(podContext.has("runAsUser")).as("left to the platform").isFalse();
        assertThat(podContext.path("runAsNonRoot").asBoolean()).isTrue();
    }

    @Test
    void nativeImagesCarryTheNativeTagAndTheRegistry() {
        Manifests manifests = Scenario.EVERYTHING.render();
        assertThat(manifests.container(Charts.OTP).path("image").asText())
                .isEqualTo("registry.example.net/zeropin/zeropin/otp-service:1.2.3-native");
        assertThat(Scenario.DEFAULTS
                        .render()
                        .container(Charts.GATEWAY)
                        .path("image")
                        .asText())
                .isEqualTo("zeropin/radius-gateway:0.1.0");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void replicasSpreadOverNodesAndZones(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode pod = manifests.deployment(service).at("/spec/template/spec");
            JsonNode antiAffinity =
                    pod.at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0");
            assertThat(antiAffinity.at("/podAffinityTerm/topologyKey").asText())
                    .as(service)
                    .isEqualTo("kubernetes.io/hostname");
            assertThat(antiAffinity
                            .at("/podAffinityTerm/labelSelector/matchLabels/app.kubernetes.io~1name")
                            .asText())
                    .isEqualTo(service);
            assertThat(Manifests.elements(pod.path("topologySpreadConstraints")))
                    .extracting(constraint -> constraint.path("topologyKey").asText())
                    .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyContainerHasRequestsAndAMemoryLimit(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode resources = manifests.container(service).path("resources");
            assertThat(resources.at("/requests/cpu").asText()).as(service).isNotEmpty();
            assertThat(resources.at("/requests/memory").asText()).as(service).isNotEmpty();
            assertThat(resources.at("/limits/memory").asText()).as(service).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void rollingUpdatesNeverTakeAReplicaAwayFirst(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            assertThat(manifests
                            .deployment(service)
                            .at("/spec/strategy/rollingUpdate/maxUnavailable")
                            .asInt())
                    .as(service)
                    .isZero();
        }
    }

    @Test
    void aConfigChangeRollsThePods() {
        String before = Scenario.DEFAULTS
                .render()
                .deployment(Charts.OTP)
                .at("/spec/template/metadata/annotations/checksum~1config")
                .asText();
        String after = Charts.render(Charts.UMBRELLA, Map.of("global.zeropin.kafka.bootstrapServers", "other:9092"))
                .deployment(Charts.OTP)
                .at("/spec/template/metadata/annotations/checksum~1config")
                .asText();
        assertThat(before).isNotEmpty().isNotEqualTo(after);
    }

    @Test
    void eachServiceChartRendersOnItsOwn() {
        for (String service : Charts.SERVICES) {
            Manifests manifests = Charts.render(service);
            assertThat(manifests.names("Deployment")).containsExactly("zp-" + service);
            assertThat(manifests
                            .container(service)
                            .at("/securityContext/readOnlyRootFilesystem")
                            .asBoolean())
                    .isTrue();
        }
    }

    private static int runAsUser(Manifests manifests, String service) {
        return manifests
                .deployment(service)
                .at("/spec/template/spec/securityContext/runAsUser")
                .asInt();
    }

    private static List<String> mountPaths(JsonNode container) {
        return Manifests.elements(container.path("volumeMounts")).stream()
                .map(mount -> mount.path("mountPath").asText())
                .toList();
    }
}
