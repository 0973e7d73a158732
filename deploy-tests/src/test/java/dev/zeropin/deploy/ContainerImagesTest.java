package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeropin.deploy.Charts.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container files agree with the charts: the user the chart expects (185 for JVM images, 1001
 * for native ones, never root), every port the chart's pod declares, and nothing secret copied in.
 * The images themselves are not built here (no Docker, no GraalVM on these machines).
 */
class ContainerImagesTest {

    private static final Pattern USER = Pattern.compile("(?m)^USER (\\S+)");

    @Test
    void eachServiceHasAJvmAndANativeImageThatMatchItsChart() throws IOException {
        Map<String, String> users = Map.of("Dockerfile.jvm", "185", "Dockerfile.native", "1001");
        for (String variant : users.keySet()) {
            Rendered rendered = Charts.render(
                    "zeropin",
                    "values-generated.yaml",
                    Map.of("global.zeropin.image.variant", variant.endsWith("jvm") ? "jvm" : "native"));
            for (String service : Charts.SERVICES) {
                Path file = Path.of("..", service, "src", "main", "docker", variant);
                String docker = Files.readString(file);
                Matcher user = USER.matcher(docker);
                assertThat(user.find()).as(file + " sets a USER").isTrue();
                assertThat(user.group(1)).as(file.toString()).isEqualTo(users.get(variant));

                JsonNode deployment = rendered.named("Deployment", service);
                JsonNode pod = deployment.path("spec").path("template").path("spec");
                assertThat(pod.path("securityContext").path("runAsUser").asText())
                        .as(service + " " + variant + ": the chart runs the image's user")
                        .isEqualTo(users.get(variant));
                assertThat(pod.path("containers").get(0).path("image").asText())
                        .as(service + " " + variant)
                        .endsWith(variant.endsWith("jvm") ? "0.1.0" : "0.1.0-native");
                for (JsonNode port : pod.path("containers").get(0).path("ports")) {
                    String expose = port.path("containerPort").asText()
                            + ("UDP".equals(port.path("protocol").asText()) ? "/udp" : "");
                    assertThat(docker).as(file + " exposes " + expose).containsPattern("(?m)^EXPOSE .*\\b" + expose);
                }
                docker.lines()
                        .filter(line -> line.startsWith("COPY"))
                        .forEach(copy -> assertThat(copy)
                                .as(file + " copies only the built application")
                                .contains("target/")
                                .doesNotContainIgnoringCase("secret")
                                .doesNotContainIgnoringCase("key"));
            }
        }
    }
}
