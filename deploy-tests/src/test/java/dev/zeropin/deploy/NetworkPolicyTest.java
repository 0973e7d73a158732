package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NetworkPolicies: otp-service takes connections from the gateway (plus the ingress controller and
 * Prometheus only when they are switched on); every service talks only to DNS, Kafka, its
 * PostgreSQL, SMTP (registration-service) and otp-service (the gateway).
 */
class NetworkPolicyTest {

    private static final Set<String> DNS = Set.of("UDP/53", "TCP/53");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyServiceIsIsolatedInBothDirections(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode policy = manifests.get("NetworkPolicy", "zp-" + service);
            assertThat(Manifests.elements(policy.at("/spec/policyTypes")))
                    .extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name")
                            .asText())
                    .isEqualTo(service);
            for (JsonNode rule : Manifests.elements(policy.at("/spec/egress"))) {
                assertThat(rule.path("ports").size())
                        .as("%s: an egress rule without ports opens every port", service)
                        .isPositive();
            }
            for (JsonNode rule : Manifests.elements(policy.at("/spec/ingress"))) {
                assertThat(rule.path("ports").size()).as(service).isPositive();
            }
        }
    }

    @Test
    void onlyTheGatewayReachesOtpServiceByDefault() {
        JsonNode policy = Scenario.DEFAULTS.render().get("NetworkPolicy", "zp-otp-service");
        List<JsonNode> rules = Manifests.elements(policy.at("/spec/ingress"));
        assertThat(rules).hasSize(1);
        JsonNode rule = rules.get(0);
        assertThat(rule.path("from").size()).isEqualTo(1);
        assertThat(rule.at("/from/0/podSelector/matchLabels"))
                .isEqualTo(yaml("{app.kubernetes.io/name: radius-gateway, app.kubernetes.io/instance: zp}"));
        assertThat(rule.at("/from/0/namespaceSelector").isMissingNode())
                .as("pods of this namespace only")
                .isTrue();
        assertThat(ports(List.of(rule))).as("the internal TLS port only").containsExactly("TCP/8443");
    }

    @Test
    void withoutInternalTlsTheGatewayReachesThePlainPort() {
        Manifests manifests = Charts.render(Charts.UMBRELLA, Map.of("global.zeropin.internalTls.enabled", false));
        JsonNode policy = manifests.get("NetworkPolicy", "zp-otp-service");
        assertThat(ports(Manifests.elements(policy.at("/spec/ingress")))).containsExactly("TCP/8081");
        assertThat(egressPorts(manifests, Charts.GATEWAY)).contains("TCP/8081").doesNotContain("TCP/8443");
    }

    @Test
    void theIngressControllerAndPrometheusGetInOnlyWhenSwitchedOn() {
        JsonNode policy = Scenario.EVERYTHING.render().get("NetworkPolicy", "zp-otp-service");
        List<JsonNode> rules = Manifests.elements(policy.at("/spec/ingress"));
        assertThat(rules).hasSize(3);
        assertThat(rules)
                .allSatisfy(rule -> assertThat(rule.path("from").size())
                        .as("a rule without peers admits everyone")
                        .isPositive());
        assertThat(ports(List.of(rules.get(0)))).as("the gateway").containsExactly("TCP/8443");
        assertThat(ports(rules.subList(1, 3))).as("ingress and Prometheus").containsExactly("TCP/8081");
        assertThat(rules.get(1)
                        .at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                        .asText())
                .isEqualTo("ingress-nginx");
        assertThat(rules.get(2)
                        .at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                        .asText())
                .isEqualTo("monitoring");

        JsonNode registration = Scenario.DEFAULTS.render().get("NetworkPolicy", "zp-registration-service");
        assertThat(registration.at("/spec/ingress").size())
                .as("no Ingress, no ServiceMonitor: nothing may connect")
                .isZero();
    }

    @Test
    void nasClientsReachOnlyTheRadiusPortsFromTheAllowedSources() {
        JsonNode open = Scenario.DEFAULTS.render().get("NetworkPolicy", "zp-radius-gateway");
        assertThat(ports(Manifests.elements(open.at("/spec/ingress"))))
                .containsExactlyInAnyOrder("UDP/1812", "UDP/1813");
        JsonNode restricted = Scenario.MANAGED.render().get("NetworkPolicy", "zp-radius-gateway");
        JsonNode rule = restricted.at("/spec/ingress/0");
        assertThat(Manifests.elements(rule.path("from")))
                .extracting(peer -> peer.at("/ipBlock/cidr").asText())
                .containsExactly("192.0.2.0/28", "198.51.100.10/32");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void egressOnlyToDnsKafkaPostgresqlSmtpAndOtpService(Scenario scenario) {
        Manifests manifests = scenario.render();
        Set<String> kafka = scenario == Scenario.MANAGED
                ? Set.of("TCP/9096")
                : scenario == Scenario.EVERYTHING ? Set.of("TCP/9093", "TCP/9094") : Set.of("TCP/9092");
        Set<String> smtp = scenario == Scenario.GENERATED ? Set.of("TCP/465") : Set.of("TCP/587");

        assertThat(egressPorts(manifests, Charts.REGISTRATION)).isEqualTo(union(DNS, kafka, Set.of("TCP/5432"), smtp));
        assertThat(egressPorts(manifests, Charts.OTP)).isEqualTo(union(DNS, kafka, Set.of("TCP/5432")));
        assertThat(egressPorts(manifests, Charts.GATEWAY)).isEqualTo(union(DNS, kafka, Set.of("TCP/8443")));

        JsonNode toOtp =
                Manifests.elements(manifests
                                .get("NetworkPolicy", "zp-radius-gateway")
                                .at("/spec/egress"))
                        .stream()
                        .filter(rule -> ports(List.of(rule)).contains("TCP/8443"))
                        .findFirst()
                        .orElseThrow();
        assertThat(toOtp.at("/to/0/podSelector/matchLabels/app.kubernetes.io~1name")
                        .asText())
                .isEqualTo("otp-service");
    }

    @Test
    void externalDestinationsAreNarrowedToTheirAddresses() {
        JsonNode registration = Scenario.MANAGED.render().get("NetworkPolicy", "zp-registration-service");
        Map<String, String> cidrByPort = new TreeMap<>();
        for (JsonNode rule : Manifests.elements(registration.at("/spec/egress"))) {
            String cidr = rule.at("/to/0/ipBlock/cidr").asText();
            ports(List.of(rule)).forEach(port -> cidrByPort.put(port, cidr));
        }
        assertThat(cidrByPort)
                .containsEntry("TCP/5432", "10.20.0.0/24")
                .containsEntry("TCP/9096", "10.20.1.0/24")
                .containsEntry("TCP/587", "10.20.2.25/32");
    }

    @Test
    void noPoliciesWhenSwitchedOff() {
        Manifests manifests = Charts.render(Charts.UMBRELLA, Map.of("global.zeropin.networkPolicy.enabled", false));
        assertThat(manifests.ofKind("NetworkPolicy")).isEmpty();
    }

    private static JsonNode yaml(String text) {
        return Manifests.parse("kind: X\nvalue: " + text).all().get(0).path("value");
    }

    private static Set<String> egressPorts(Manifests manifests, String service) {
        return ports(Manifests.elements(
                manifests.get("NetworkPolicy", "zp-" + service).at("/spec/egress")));
    }

    private static Set<String> ports(List<JsonNode> rules) {
        Set<String> ports = new TreeSet<>();
        for (JsonNode rule : rules) {
            for (JsonNode port : Manifests.elements(rule.path("ports"))) {
                ports.add(port.path("protocol").asText("TCP") + "/"
                        + port.path("port").asText());
            }
        }
        return ports;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> union = new TreeSet<>();
        for (Set<String> set : sets) {
            union.addAll(set);
        }
        return union;
    }
}
