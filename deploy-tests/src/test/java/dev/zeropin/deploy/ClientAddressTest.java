package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * X-Forwarded-For decides the address that rate limits and the audit count a request under; the
 * charts believe it only from the proxies the operator lists (issue 16, finding 8).
 */
class ClientAddressTest {

    private static final String FORWARDING = "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING";
    private static final String TRUSTED = "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES";

    /** The services with public HTTP paths behind the ingress (the gateway has none). */
    private static final List<String> BEHIND_INGRESS = List.of(Charts.REGISTRATION, Charts.OTP);

    @Test
    void byDefaultNoServiceBelievesForwardedAddresses() {
        Manifests manifests = Scenario.DEFAULTS.render();
        for (String service : Charts.SERVICES) {
            JsonNode data = manifests.configMap(service).path("data");
            assertThat(names(data))
                    .as("%s without trusted proxies", service)
                    .noneMatch(name -> name.startsWith("QUARKUS_HTTP_PROXY_"));
        }
    }

    @Test
    void forwardedAddressesAreBelievedOnlyFromTheListedProxies() {
        Manifests manifests =
                Charts.render(Charts.UMBRELLA, Map.of("global.zeropin.http.trustedProxies[0]", "10.42.0.0/16"));
        for (String service : BEHIND_INGRESS) {
            JsonNode data = manifests.configMap(service).path("data");
            assertThat(data.path(FORWARDING).asText()).as(service).isEqualTo("true");
            assertThat(data.path(TRUSTED).asText()).as(service).isEqualTo("10.42.0.0/16");
        }
    }

    @Test
    void switchingForwardingOffWinsOverTheList() {
        Manifests manifests = Charts.render(
                Charts.UMBRELLA,
                Map.of(
                        "global.zeropin.http.trustedProxies[0]",
                        "10.42.0.0/16",
                        "global.zeropin.http.proxyAddressForwarding",
                        false));
        for (String service : Charts.SERVICES) {
            assertThat(manifests.configMap(service).path("data").has(FORWARDING))
                    .as(service)
                    .isFalse();
        }
    }

    private static List<String> names(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
