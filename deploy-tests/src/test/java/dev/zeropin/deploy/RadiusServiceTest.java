package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's RADIUS Service: NAS clients are identified by their source address, so the address
 * must reach the pod unchanged (externalTrafficPolicy Local) on UDP 1812 and 1813.
 */
class RadiusServiceTest {

    private static final String RADIUS_SERVICE = "zp-radius-gateway-radius";

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void radiusIsUdp1812And1813WithTheSourceAddressKept(Scenario scenario) {
        JsonNode service = scenario.render().get("Service", RADIUS_SERVICE);
        List<JsonNode> ports = Manifests.elements(service.at("/spec/ports"));
        assertThat(ports)
                .extracting(
                        port -> port.path("name").asText(),
                        port -> port.path("port").asInt(),
                        port -> port.path("protocol").asText())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("radius-auth", 1812, "UDP"),
                        org.assertj.core.groups.Tuple.tuple("radius-acct", 1813, "UDP"));
        assertThat(service.at("/spec/externalTrafficPolicy").asText()).isEqualTo("Local");
        assertThat(service.at("/spec/sessionAffinity").asText())
                .as("retransmissions reach the pod that holds the answer in its duplicate cache")
                .isEqualTo("ClientIP");
        assertThat(service.at("/spec/selector/app.kubernetes.io~1name").asText())
                .isEqualTo("radius-gateway");
    }

    @Test
    void theDefaultIsALoadBalancer() {
        JsonNode service = Scenario.DEFAULTS.render().get("Service", RADIUS_SERVICE);
        assertThat(service.at("/spec/type").asText()).isEqualTo("LoadBalancer");
    }

    @Test
    void theLoadBalancerTakesItsAddressSourceRangesAndAnnotations() {
        JsonNode managed = Scenario.MANAGED.render().get("Service", RADIUS_SERVICE);
        assertThat(Manifests.elements(managed.at("/spec/loadBalancerSourceRanges")))
                .extracting(JsonNode::asText)
                .containsExactly("192.0.2.0/28", "198.51.100.10/32");
        assertThat(managed.at("/metadata/annotations/service.beta.kubernetes.io~1aws-load-balancer-scheme")
                        .asText())
                .isEqualTo("internal");
        JsonNode generated = Scenario.GENERATED.render().get("Service", RADIUS_SERVICE);
        assertThat(generated.at("/spec/loadBalancerIP").asText()).isEqualTo("198.51.100.53");
    }

    @Test
    void aNodePortServiceKeepsTheSourceAddressAndTheFixedPorts() {
        JsonNode service = Scenario.EVERYTHING.render().get("Service", RADIUS_SERVICE);
        assertThat(service.at("/spec/type").asText()).isEqualTo("NodePort");
        assertThat(service.at("/spec/externalTrafficPolicy").asText()).isEqualTo("Local");
        assertThat(service.at("/spec/ports/0/nodePort").asInt()).isEqualTo(31812);
        assertThat(service.at("/spec/ports/1/nodePort").asInt()).isEqualTo(31813);
    }

    @Test
    void aClusterIpServiceHasNoExternalTrafficPolicy() {
        JsonNode service = Charts.render(Charts.GATEWAY, Map.of("radius.service.type", "ClusterIP"))
                .get("Service", RADIUS_SERVICE);
        assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
        assertThat(service.at("/spec/externalTrafficPolicy").isMissingNode())
                .as("Kubernetes rejects externalTrafficPolicy on a ClusterIP Service")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theGatewayContainerListensOnTheRadiusPorts(Scenario scenario) {
        Manifests manifests = scenario.render();
        assertThat(Manifests.elements(manifests.container(Charts.GATEWAY).path("ports")))
                .extracting(port -> port.path("name").asText() + "/"
                        + port.path("containerPort").asInt() + "/"
                        + port.path("protocol").asText())
                .contains("radius-auth/1812/UDP", "radius-acct/1813/UDP");
        JsonNode config = manifests.configMap(Charts.GATEWAY).path("data");
        assertThat(config.path("GATEWAY_RADIUS_AUTH_PORT").asText()).isEqualTo("1812");
        assertThat(config.path("GATEWAY_RADIUS_ACCT_PORT").asText()).isEqualTo("1813");
    }
}
