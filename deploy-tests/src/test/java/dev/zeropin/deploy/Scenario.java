package dev.zeropin.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Installations of the umbrella chart that the tests render and check. */
enum Scenario {
    /** The umbrella's default values. */
    DEFAULTS(List.of()),
    /** deploy/helm/examples/values-managed.yaml: managed PostgreSQL and Kafka, every Secret made beforehand. */
    MANAGED(List.of(Charts.example("values-managed.yaml"))),
    /** deploy/helm/examples/values-generated.yaml: keys generated at install, native images, monitoring. */
    GENERATED(List.of(Charts.example("values-generated.yaml"))),
    /** src/test/resources/values/everything.yaml: every optional part switched on. */
    EVERYTHING(List.of(Charts.testValues("values/everything.yaml")));

    private final List<Path> valuesFiles;

    Scenario(List<Path> valuesFiles) {
        this.valuesFiles = valuesFiles;
    }

    /** The values files, in order. */
    List<Path> valuesFiles() {
        return valuesFiles;
    }

    /** The umbrella chart rendered with this scenario's values. */
    Manifests render() {
        return Charts.render(Charts.UMBRELLA, valuesFiles, Map.of());
    }
}
