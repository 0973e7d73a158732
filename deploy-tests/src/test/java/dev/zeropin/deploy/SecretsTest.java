package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Secrets are referenced, never rendered: no Secret object and no secret value in any ConfigMap or
 * environment variable, and each pod gets exactly the Secrets its service may hold.
 */
class SecretsTest {

    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(PASSWORD|SECRET|_KEY(_|$)|JWKS|JAAS|TOKEN|CREDENTIAL).*");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theChartsRenderNoSecret(Scenario scenario) {
        assertThat(scenario.render().ofKind("Secret")).isEmpty();
        assertThat(Charts.renderWithHooks(scenario.valuesFiles().toArray(Path[]::new))
                        .ofKind("Secret"))
                .as("not even as a hook: the key Job creates them with kubectl, outside the release")
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void configMapsHoldPathsWhereSecretsAreConcerned(Scenario scenario) {
        for (String service : Charts.SERVICES) {
            JsonNode data = scenario.render().configMap(service).path("data");
            data.fields().forEachRemaining(entry -> {
                String value = entry.getValue().asText();
                if (SECRET_NAME.matcher(entry.getKey()).matches()) {
                    assertThat(value)
                            .as("%s %s", service, entry.getKey())
                            .matches("(file:)?/etc/zeropin/[-a-z]+/[-.a-z0-9]+");
                }
                assertThat(value).doesNotContain("BEGIN ", "\"d\":", "password=");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void secretEnvironmentVariablesComeFromSecrets(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            List<String> defined = new ArrayList<>();
            for (JsonNode variable :
                    Manifests.elements(manifests.container(service).path("env"))) {
                String name = variable.path("name").asText();
                if (variable.has("value")) {
                    String value = variable.path("value").asText();
                    if (SECRET_NAME.matcher(name).matches()) {
                        // Only the JAAS line is assembled in the pod, from variables that come from a Secret.
                        assertThat(name).as(service).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
                        assertThat(value).contains("password=\"$(ZEROPIN_SASL_PASSWORD)\"");
                        assertThat(defined)
                                .as("Kubernetes expands $(VAR) only for variables defined earlier")
                                .contains("ZEROPIN_SASL_USERNAME", "ZEROPIN_SASL_PASSWORD");
                    }
                } else {
                    assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
                            .as("%s %s", service, name)
                            .isNotEmpty();
                }
                defined.add(name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void eachServiceMountsExactlyItsOwnKeyFiles(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode keys = manifests.volume(service, "keys");
            assertThat(Manifests.elements(keys.at("/secret/items")))
                    .extracting(item -> item.path("path").asText())
                    .as(service)
                    .containsExactlyInAnyOrderElementsOf(KeyFiles.BY_SERVICE.get(service));
            assertThat(keys.at("/secret/defaultMode").asInt()).as("0440").isEqualTo(0440);
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theMasterSecretReachesOnlyRegistrationServiceAndTheServerSecretOnlyOtpService(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            String deployment = manifests.deployment(service).toString();
            String config = manifests.configMap(service).toString();
            assertThat(deployment.contains(KeyFiles.MASTER_SECRET) || config.contains(KeyFiles.MASTER_SECRET))
                    .as("%s sees the master secret", service)
                    .isEqualTo(service.equals(Charts.REGISTRATION));
            assertThat(deployment.contains(KeyFiles.SERVER_SECRET) || config.contains(KeyFiles.SERVER_SECRET))
                    .as("%s sees the server secret", service)
                    .isEqualTo(service.equals(Charts.OTP));
        }
    }

    @Test
    void eachServiceReferencesExactlyTheSecretsItNeeds() {
        Manifests manifests = Scenario.MANAGED.render();
        assertThat(secretReferences(manifests, Charts.REGISTRATION))
                .containsExactlyInAnyOrder(
                        "zeropin-registration-keys",
                        "zeropin-registration-db",
                        "zeropin-db-ca",
                        "zeropin-kafka",
                        "zeropin-kafka-ca",
                        "zeropin-smtp");
        assertThat(secretReferences(manifests, Charts.OTP))
                .containsExactlyInAnyOrder(
                        "zeropin-otp-keys", "zeropin-otp-db", "zeropin-db-ca", "zeropin-kafka", "zeropin-kafka-ca");
        assertThat(secretReferences(manifests, Charts.GATEWAY))
                .containsExactlyInAnyOrder(
                        "zeropin-gateway-keys", "zeropin-radius-clients", "zeropin-kafka", "zeropin-kafka-ca");
    }

    @Test
    void withoutExistingSecretsTheDefaultNamesAreThoseTheKeyJobCreates() {
        Manifests manifests = Scenario.DEFAULTS.render();
        for (String service : Charts.SERVICES) {
            assertThat(manifests
                            .volume(service, "keys")
                            .at("/secret/secretName")
                            .asText())
                    .isEqualTo("zp-" + service + "-keys");
        }
        assertThat(secretReferences(manifests, Charts.OTP))
                .containsExactlyInAnyOrder("zp-otp-service-keys", "zp-otp-service-db");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyFileTheConfigurationNamesIsMounted(Scenario scenario) {
        Manifests manifests = scenario.render();
        for (String service : Charts.SERVICES) {
            JsonNode pod = manifests.deployment(service).at("/spec/template/spec");
            JsonNode container = manifests.container(service);
            manifests.configMap(service).path("data").fields().forEachRemaining(entry -> {
                String value = entry.getValue().asText().replaceFirst("^file:", "");
                if (value.startsWith("/etc/zeropin/")) {
                    assertThat(isMounted(pod, container, value))
                            .as("%s: %s=%s is a mounted file", service, entry.getKey(), value)
                            .isTrue();
                }
            });
        }
    }

    private static boolean isMounted(JsonNode pod, JsonNode container, String file) {
        for (JsonNode mount : Manifests.elements(container.path("volumeMounts"))) {
            String folder = mount.path("mountPath").asText() + "/";
            if (!file.startsWith(folder)) {
                continue;
            }
            String relative = file.substring(folder.length());
            JsonNode volume = Manifests.elements(pod.path("volumes")).stream()
                    .filter(candidate -> candidate
                            .path("name")
                            .asText()
                            .equals(mount.path("name").asText()))
                    .findFirst()
                    .orElseThrow();
            JsonNode items = volume.at("/secret/items");
            return items.isMissingNode()
                    || Manifests.elements(items).stream()
                            .anyMatch(item -> item.path("path").asText().equals(relative));
        }
        return false;
    }

    /** The Secrets a service's pod reads: secret volumes and secretKeyRef variables. */
    private static Set<String> secretReferences(Manifests manifests, String service) {
        Set<String> names = new TreeSet<>();
        for (JsonNode volume : Manifests.elements(manifests.deployment(service).at("/spec/template/spec/volumes"))) {
            if (volume.has("secret")) {
                names.add(volume.at("/secret/secretName").asText());
            }
        }
        for (JsonNode variable : Manifests.elements(manifests.container(service).path("env"))) {
            if (variable.has("valueFrom")) {
                names.add(variable.at("/valueFrom/secretKeyRef/name").asText());
            }
        }
        assertThat(manifests.container(service).path("envFrom").toString()).doesNotContain("secretRef");
        return names;
    }
}
