package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The charts and the services cannot drift apart: every variable a chart sets is one its service
 * reads, and every variable a service reads from the environment in production is set by its chart.
 */
class ServiceConfigurationTest {

    static final java.util.List<String> SERVICES = Charts.SERVICES;

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyVariableTheChartSetsIsReadByTheService(String service) {
        ServiceConfiguration configuration = new ServiceConfiguration(service);
        Set<String> zeropin = new TreeSet<>(configuration.placeholders());
        zeropin.addAll(configuration.mappedEnvironmentNames());
        String prefix = switch (service) {
            case Charts.REGISTRATION -> "REGISTRATION_";
            case Charts.OTP -> "OTP_";
            default -> "GATEWAY_";
        };
        for (String name : chartVariables(service)) {
            if (name.startsWith("ZEROPIN_SASL_")) {
                // Parts of the JAAS line, which Kubernetes assembles from them.
                assertThat(jaasLine(service)).contains("$(" + name + ")");
            } else if (name.startsWith("ZEROPIN_")) {
                assertThat(zeropin).as("%s reads %s", service, name).contains(name);
            } else if (name.startsWith(prefix)) {
                assertThat(configuration.mappedEnvironmentNames())
                        .as("%s maps %s", service, name)
                        .contains(name);
            } else if (name.startsWith("QUARKUS_MAILER_")) {
                assertThat(configuration.hasDependency("quarkus-mailer"))
                        .as("%s sends mail", service)
                        .isTrue();
            } else if (name.startsWith("QUARKUS_DATASOURCE_")) {
                assertThat(configuration.hasDependency("quarkus-reactive-pg-client"))
                        .as("%s has a database", service)
                        .isTrue();
            } else if (name.startsWith("KAFKA_")) {
                assertThat(configuration.hasDependency("quarkus-messaging-kafka")
                                || configuration.hasDependency("quarkus-kafka-client"))
                        .as("%s uses Kafka", service)
                        .isTrue();
            } else {
                assertThat(name).as(service).matches("QUARKUS_HTTP_PROXY_[A-Z_]+|JAVA_OPTS_APPEND");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyVariableTheServiceReadsIsSetByTheChart(String service) {
        ServiceConfiguration configuration = new ServiceConfiguration(service);
        assertThat(configuration.placeholders()).as("%s reads them", service).isNotEmpty();
        assertThat(chartVariables(service)).containsAll(configuration.placeholders());
        Set<String> byDefault = variables(Scenario.DEFAULTS.render(), service);
        assertThat(byDefault)
                .as("%s cannot start without them", service)
                .containsAll(configuration.requiredInProduction());
    }

    @Test
    void theSharedSettingsReachEveryServiceThatReadsThem() {
        Set<String> topics =
                Set.of("ZEROPIN_KAFKA_CREATE_TOPICS", "ZEROPIN_KAFKA_PARTITIONS", "ZEROPIN_KAFKA_REPLICATION_FACTOR");
        for (String service : Charts.SERVICES) {
            assertThat(new ServiceConfiguration(service).mappedEnvironmentNames())
                    .containsAll(topics);
            assertThat(variables(Scenario.DEFAULTS.render(), service)).containsAll(topics);
        }
        assertThat(new ServiceConfiguration(Charts.GATEWAY).placeholders()).contains("ZEROPIN_NAS_SECRET_KEY");
        assertThat(new ServiceConfiguration(Charts.REGISTRATION).placeholders()).contains("ZEROPIN_NAS_SECRET_KEY");
        JsonNode gateway = Scenario.DEFAULTS.render().configMap(Charts.GATEWAY).path("data");
        JsonNode registration =
                Scenario.DEFAULTS.render().configMap(Charts.REGISTRATION).path("data");
        assertThat(gateway.path("ZEROPIN_NAS_SECRET_KEY")).isEqualTo(registration.path("ZEROPIN_NAS_SECRET_KEY"));
    }

    @Test
    void theGatewayCallsTheOtpServiceOfItsRelease() {
        Manifests manifests = Scenario.DEFAULTS.render();
        URI url = URI.create(manifests
                .configMap(Charts.GATEWAY)
                .at("/data/ZEROPIN_OTP_INTERNAL_URL")
                .asText());
        JsonNode otp = manifests.get("Service", url.getHost());
        assertThat(url.getScheme()).as("over TLS by default").isEqualTo("https");
        assertThat(Manifests.elements(otp.at("/spec/ports")))
                .extracting(port -> port.path("port").asInt())
                .contains(url.getPort());
        assertThat(otp.at("/spec/selector/app.kubernetes.io~1name").asText()).isEqualTo("otp-service");
    }

    @Test
    void theGatewayTrustsTheCertificateThatOtpServicePresents() {
        Manifests manifests = Scenario.DEFAULTS.render();
        JsonNode otp = manifests.configMap(Charts.OTP).path("data");
        JsonNode gateway = manifests.configMap(Charts.GATEWAY).path("data");
        assertThat(URI.create(gateway.path("ZEROPIN_OTP_INTERNAL_URL").asText()).getPort())
                .isEqualTo(otp.path("ZEROPIN_INTERNAL_TLS_PORT").asInt());
        assertThat(gateway.path("ZEROPIN_OTP_INTERNAL_CERTIFICATE").asText()).endsWith("/otp-internal-tls.crt");
        assertThat(otp.path("ZEROPIN_INTERNAL_TLS_CERTIFICATE").asText()).endsWith("/otp-internal-tls.crt");
        assertThat(otp.path("ZEROPIN_INTERNAL_TLS_KEY").asText()).endsWith("/otp-internal-tls.key");

        Manifests plain = Charts.render(Charts.UMBRELLA, Map.of("global.zeropin.internalTls.enabled", false));
        assertThat(plain.configMap(Charts.GATEWAY)
                        .at("/data/ZEROPIN_OTP_INTERNAL_URL")
                        .asText())
                .isEqualTo("http://zp-otp-service:8081");
        assertThat(plain.configMap(Charts.GATEWAY).path("data").has("ZEROPIN_OTP_INTERNAL_CERTIFICATE"))
                .isFalse();
        assertThat(plain.configMap(Charts.OTP).path("data").has("ZEROPIN_INTERNAL_TLS_KEY"))
                .isFalse();
    }

    @Test
    void theStaticRadiusClientsFileIsSetOnlyWithItsSecret() {
        assertThat(Scenario.DEFAULTS
                        .render()
                        .configMap(Charts.GATEWAY)
                        .path("data")
                        .has("ZEROPIN_RADIUS_CLIENTS_FILE"))
                .isFalse();
        assertThat(Scenario.MANAGED
                        .render()
                        .configMap(Charts.GATEWAY)
                        .at("/data/ZEROPIN_RADIUS_CLIENTS_FILE")
                        .asText())
                .isEqualTo("/etc/zeropin/radius-clients/clients.json");
    }

    @Test
    void theDeploymentReadmeDocumentsEveryVariable() throws IOException {
        String readme = Files.readString(Charts.root().resolve("deploy/README.md"));
        for (String service : Charts.SERVICES) {
            for (String name : new ServiceConfiguration(service).placeholders()) {
                assertThat(readme).as("deploy/README.md documents %s", name).contains("`" + name + "`");
            }
        }
    }

    @Test
    void theMappingParserFindsNestedGroups() {
        Set<String> names = new ServiceConfiguration(Charts.GATEWAY).mappedEnvironmentNames();
        assertThat(names)
                .contains(
                        "GATEWAY_RADIUS_AUTH_PORT",
                        "GATEWAY_CLIENTS_FILE",
                        "GATEWAY_OTP_URL",
                        "GATEWAY_KEYS_NAS_SECRET_KEY",
                        "ZEROPIN_KAFKA_COMPACTED_TOPICS");
        assertThat(new ServiceConfiguration(Charts.OTP).mappedEnvironmentNames())
                .contains("OTP_AUTHENTICATION_MAX_PIN_FAILURES", "ZEROPIN_OUTBOX_RELAY_ENABLED");
    }

    /** Every variable a chart sets for its service, over all scenarios. */
    private static Set<String> chartVariables(String service) {
        Set<String> names = new TreeSet<>();
        for (Scenario scenario : Scenario.values()) {
            names.addAll(variables(scenario.render(), service));
        }
        return names;
    }

    private static Set<String> variables(Manifests manifests, String service) {
        Set<String> names = new TreeSet<>();
        manifests.configMap(service).path("data").fieldNames().forEachRemaining(names::add);
        Manifests.elements(manifests.container(service).path("env"))
                .forEach(variable -> names.add(variable.path("name").asText()));
        return names;
    }

    private static String jaasLine(String service) {
        return Manifests.elements(Scenario.MANAGED.render().container(service).path("env")).stream()
                .filter(variable -> variable.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG"))
                .findFirst()
                .orElseThrow()
                .path("value")
                .asText();
    }
}
