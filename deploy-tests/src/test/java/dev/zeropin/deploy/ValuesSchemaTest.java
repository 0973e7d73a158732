package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values are refused before anything reaches a cluster: by values.schema.json (first line of the
 * file "# rejected: field") or by the templates' own checks ("# fails: message").
 */
class ValuesSchemaTest {

    static Stream<Path> invalidValuesFiles() throws IOException {
        try (Stream<Path> files = Files.list(Charts.testValues("invalid-values"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("invalidValuesFiles")
    void theUmbrellaRefuses(Path valuesFile) throws IOException {
        String expectation = Files.readAllLines(valuesFile).get(0);
        String error = Charts.renderingError(Charts.UMBRELLA, List.of(valuesFile), Map.of());
        if (expectation.startsWith("# rejected: ")) {
            assertThat(error).contains("values don't meet the specifications of the schema");
            assertThat(error).contains(expectation.substring("# rejected: ".length()));
        } else {
            assertThat(expectation).startsWith("# fails: ");
            assertThat(error).contains(expectation.substring("# fails: ".length()));
        }
    }

    @Test
    void eachServiceChartHasItsOwnSchema() {
        assertThat(Charts.renderingError(
                        Charts.GATEWAY, List.of(), Map.of("radius.service.externalTrafficPolicy", "Nearest")))
                .contains("externalTrafficPolicy");
        assertThat(Charts.renderingError(Charts.OTP, List.of(), Map.of("autoscaling.minReplicas", "many")))
                .contains("minReplicas");
        assertThat(Charts.renderingError(Charts.REGISTRATION, List.of(), Map.of("smtp.password", "secret")))
                .contains("password");
    }

    @Test
    void theExamplesAndTestValuesAreValid() {
        for (Scenario scenario : Scenario.values()) {
            assertThat(scenario.render().all()).as(scenario.name()).isNotEmpty();
        }
    }
}
