package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The container files of the services agree with the charts: the user the chart runs the pod as,
 * the ports it declares, and the JVM options it sets; base images are pinned and no process runs
 * as root. (The images themselves are not built here: no container runtime on these machines.)
 */
class ContainerImageTest {

    static final List<String> SERVICES = Charts.SERVICES;

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theJvmImageRunsAsTheUserOfTheChart(String service) {
        Dockerfile jvm = Dockerfile.read(dockerfile(service, "jvm"));
        JsonNode pod = Scenario.DEFAULTS.render().deployment(service).at("/spec/template/spec");
        assertThat(jvm.last("USER"))
                .isEqualTo(pod.at("/securityContext/runAsUser").asText());
        assertThat(jvm.all("COPY")).allMatch(copy -> copy.startsWith("target/quarkus-app/"));
        assertThat(jvm.all("COPY")).noneMatch(copy -> copy.contains("--chown"));
        assertThat(jvm.last("ENTRYPOINT")).contains("run-java.sh");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theNativeImageRunsAsTheUserOfTheChart(String service) {
        Dockerfile nativeImage = Dockerfile.read(dockerfile(service, "native"));
        JsonNode pod = Scenario.GENERATED.render().deployment(service).at("/spec/template/spec");
        assertThat(nativeImage.last("USER"))
                .isEqualTo(pod.at("/securityContext/runAsUser").asText());
        assertThat(nativeImage.all("COPY")).containsExactly("target/*-runner /work/application");
        assertThat(nativeImage.all("FROM")).allMatch(from -> from.contains("ubi9/ubi-minimal"));
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theImagesExposeThePortsTheChartUses(String service) {
        List<String> containerPorts =
                Manifests.elements(Scenario.DEFAULTS.render().container(service).path("ports")).stream()
                        .map(port -> port.path("containerPort").asText()
                                + (port.path("protocol").asText().equals("UDP") ? "/udp" : ""))
                        .toList();
        for (String variant : List.of("jvm", "native")) {
            List<String> exposed = Arrays.asList(
                    Dockerfile.read(dockerfile(service, variant)).last("EXPOSE").split("\\s+"));
            assertThat(exposed).as("%s %s", service, variant).containsExactlyInAnyOrderElementsOf(containerPorts);
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void baseImagesArePinnedAndNothingRunsAsRoot(String service) {
        for (String variant : List.of("jvm", "native")) {
            Dockerfile file = Dockerfile.read(dockerfile(service, variant));
            assertThat(file.all("FROM"))
                    .allSatisfy(from -> assertThat(from)
                            .matches("[a-z0-9./-]+:[0-9][-0-9.a-z]*( AS [a-z]+)?")
                            .doesNotContain(":latest"));
            assertThat(file.last("USER")).matches("[1-9][0-9]*");
            assertThat(file.all("ADD")).as("no downloads at build time").isEmpty();
        }
    }

    @Test
    void theChartKeepsTheJvmOptionsOfTheImage() {
        for (String service : Charts.SERVICES) {
            String image = Dockerfile.read(dockerfile(service, "jvm")).all("ENV").stream()
                    .filter(env -> env.startsWith("JAVA_OPTS_APPEND="))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll("^JAVA_OPTS_APPEND=\"|\"$", "");
            String chart = Charts.render(Charts.UMBRELLA, Map.of(service + ".javaOptions", "-XX:+UseG1GC"))
                    .configMap(service)
                    .at("/data/JAVA_OPTS_APPEND")
                    .asText();
            assertThat(chart).as("the chart's variable replaces the image's").isEqualTo(image + " -XX:+UseG1GC");
            assertThat(Scenario.GENERATED
                            .render()
                            .configMap(service)
                            .path("data")
                            .has("JAVA_OPTS_APPEND"))
                    .as("no JVM in a native image")
                    .isFalse();
        }
    }

    @Test
    void theKeyJobImageHasTheCommandAndKubectl() throws Exception {
        Path file = Charts.root().resolve("zeropin-cli/src/main/docker/Dockerfile.jvm");
        Dockerfile keygen = Dockerfile.read(file);
        assertThat(keygen.all("COPY")).anyMatch(copy -> copy.endsWith("/usr/local/bin/kubectl"));
        assertThat(keygen.all("RUN")).anyMatch(run -> run.contains("dev.zeropin.cli.ZeroPinCommand"));
        JsonNode job = Charts.renderWithHooks(Charts.example("values-generated.yaml"))
                .get("Job", "zp-zeropin-keygen")
                .at("/spec/template/spec");
        assertThat(keygen.last("USER"))
                .isEqualTo(job.at("/securityContext/runAsUser").asText());
        assertThat(job.at("/containers/0/command/0").asText()).isEqualTo("/bin/bash");
        assertThat(Files.readString(Charts.sources().resolve("zeropin/values.yaml")))
                .contains("zeropin-cli/src/main/docker/Dockerfile.jvm");
    }

    private static Path dockerfile(String service, String variant) {
        return Charts.root().resolve(service).resolve("src/main/docker/Dockerfile." + variant);
    }
}
