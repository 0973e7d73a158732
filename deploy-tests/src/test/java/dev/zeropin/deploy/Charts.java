package dev.zeropin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The charts of deploy/helm, copied into target (helm writes the umbrella's dependencies) and rendered. */
final class Charts {

    static final Path SOURCE = Path.of("..", "deploy", "helm").toAbsolutePath().normalize();
    static final Path EXAMPLES = SOURCE.resolve("examples");
    static final List<String> SERVICES = List.of("registration-service", "otp-service", "radius-gateway");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static Path copy;

    private Charts() {}

    /** A working copy of deploy/helm, made once per test run. */
    static synchronized Path copy() {
        if (copy == null) {
            try {
                Path target = Path.of("target", "helm").toAbsolutePath();
                if (Files.exists(target)) {
                    try (Stream<Path> old = Files.walk(target)) {
                        old.sorted(java.util.Comparator.reverseOrder())
                                .forEach(path -> path.toFile().delete());
                    }
                }
                try (Stream<Path> files = Files.walk(SOURCE)) {
                    for (Path file : files.toList()) {
                        Path to = target.resolve(SOURCE.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                copy = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copy;
    }

    static Path chart(String name) {
        return copy().resolve(name);
    }

    /** Renders a chart (the umbrella with its dependencies) with an example values file and overrides. */
    static Rendered render(String chart, String examplesFile, Map<String, Object> overrides) {
        TemplateCommand template =
                new Helm(chart(chart)).template().withName("zp").withNamespace("zeropin");
        if (chart.equals("zeropin")) {
            template = template.dependencyUpdate();
        }
        if (examplesFile != null) {
            template = template.withValuesFile(copy().resolve("examples").resolve(examplesFile));
        }
        for (Map.Entry<String, Object> entry : overrides.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        return new Rendered(parse(template.call()));
    }

    private static List<JsonNode> parse(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && document.has("kind")) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** The manifests of one rendering. */
    record Rendered(List<JsonNode> manifests) {

        List<JsonNode> ofKind(String kind) {
            return manifests.stream()
                    .filter(m -> kind.equals(m.path("kind").asText()))
                    .toList();
        }

        /** The manifest of a kind whose name contains {@code part}. */
        JsonNode named(String kind, String part) {
            return ofKind(kind).stream()
                    .filter(m -> m.path("metadata").path("name").asText().contains(part))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " named *" + part + "* in " + names()));
        }

        List<String> names() {
            return manifests.stream()
                    .map(m -> m.path("kind").asText() + "/"
                            + m.path("metadata").path("name").asText())
                    .toList();
        }
    }
}
