package dev.zeropin.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The charts of deploy/helm, rendered and linted in-process by helm-java (the Helm library, no
 * cluster, no helm binary). The charts are copied once per test run into target/, where the
 * file:// dependencies are resolved (each service chart's library chart zeropin-common, then the
 * umbrella's service charts), so the source tree never gets charts/ or Chart.lock files.
 */
final class Charts {

    /** The release name used for every rendering; resource names start with it. */
    static final String RELEASE = "zp";

    /** The namespace used for every rendering. */
    static final String NAMESPACE = "zeropin";

    static final String UMBRELLA = "zeropin";
    static final String REGISTRATION = "registration-service";
    static final String OTP = "otp-service";
    static final String GATEWAY = "radius-gateway";

    /** The library chart of the templates that the three service charts share. */
    static final String COMMON = "zeropin-common";

    /** The three service charts. */
    static final List<String> SERVICES = List.of(REGISTRATION, OTP, GATEWAY);

    /** Every chart: the umbrella and the three service charts. */
    static final List<String> ALL = List.of(UMBRELLA, REGISTRATION, OTP, GATEWAY);

    private static final Map<String, Manifests> RENDERINGS = new ConcurrentHashMap<>();
    private static Path copy;
    private static Path hooksCopy;

    private Charts() {}

    /** The repository's root folder. */
    static Path root() {
        return Path.of(System.getProperty("zeropin.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** The charts as they are in git. */
    static Path sources() {
        return root().resolve("deploy/helm");
    }

    /** An example values file of deploy/helm/examples. */
    static Path example(String name) {
        return sources().resolve("examples").resolve(name);
    }

    /** A values file of this module's test resources. */
    static Path testValues(String name) {
        return Path.of("src/test/resources").resolve(name).toAbsolutePath();
    }

    /** The folder of a chart in the working copy, with the umbrella's dependencies resolved. */
    static synchronized Path chart(String name) {
        if (copy == null) {
            Path target = Path.of("target/helm").toAbsolutePath();
            deleteRecursively(target);
            copyRecursively(sources(), target);
            // As an operator does: the service charts take their library chart first, then the
            // umbrella takes the service charts with it.
            for (String service : SERVICES) {
                new Helm(target.resolve(service)).dependency().update().call();
            }
            new Helm(target.resolve(UMBRELLA)).dependency().update().call();
            copy = target;
        }
        return copy.resolve(name);
    }

    /**
     * The umbrella chart with its hooks made visible: helm-java's template returns the release
     * manifest without hooks, so this second copy renames the helm.sh/hook annotations of the
     * umbrella's templates to zeropin.test/hook (nothing else changes).
     */
    static synchronized Path umbrellaWithVisibleHooks() {
        if (hooksCopy == null) {
            Path target = Path.of("target/helm-hooks").toAbsolutePath();
            deleteRecursively(target);
            copyRecursively(chart(UMBRELLA).getParent(), target);
            try (Stream<Path> templates = Files.list(target.resolve(UMBRELLA).resolve("templates"))) {
                for (Path template : (Iterable<Path>) templates::iterator) {
                    Files.writeString(template, Files.readString(template).replace(HELM_HOOK, VISIBLE_HOOK));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hooksCopy = target.resolve(UMBRELLA);
        }
        return hooksCopy;
    }

    /** The annotation prefix of Helm hooks, and what it is renamed to in {@link #umbrellaWithVisibleHooks()}. */
    static final String HELM_HOOK = "helm.sh/hook";

    static final String VISIBLE_HOOK = "zeropin.test/hook";

    /** Renders the umbrella chart with its hooks as ordinary objects (see {@link #umbrellaWithVisibleHooks()}). */
    static Manifests renderWithHooks(Path... valuesFiles) {
        return render(umbrellaWithVisibleHooks(), List.of(valuesFiles), Map.of());
    }

    /** Renders a chart with values files (in order) and --set values; equal renderings are done once. */
    static Manifests render(String chart, List<Path> valuesFiles, Map<String, Object> set) {
        return render(chart(chart), valuesFiles, set);
    }

    private static Manifests render(Path chart, List<Path> valuesFiles, Map<String, Object> set) {
        String key = chart + " " + valuesFiles + " " + new TreeMap<>(set);
        Manifests cached = RENDERINGS.get(key);
        if (cached != null) {
            return cached;
        }
        TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        valuesFiles.forEach(command::withValuesFile);
        set.forEach(command::set);
        Manifests rendered = Manifests.parse(command.call());
        RENDERINGS.put(key, rendered);
        return rendered;
    }

    /** Renders a chart with its default values. */
    static Manifests render(String chart) {
        return render(chart, List.of(), Map.of());
    }

    /** Renders a chart with values files. */
    static Manifests render(String chart, Path... valuesFiles) {
        return render(chart, List.of(valuesFiles), Map.of());
    }

    /** Renders a chart with --set values. */
    static Manifests render(String chart, Map<String, Object> set) {
        return render(chart, List.of(), set);
    }

    /** The message with which rendering fails, or a failure of the test when it renders. */
    static String renderingError(String chart, List<Path> valuesFiles, Map<String, Object> set) {
        try {
            render(chart, valuesFiles, set);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("the chart " + chart + " rendered with " + valuesFiles + " and " + set);
    }

    /** helm lint --strict of a chart with its default values (helm-java's lint takes no values files). */
    static LintResult lint(String chart) {
        return new Helm(chart(chart)).lint().strict().call();
    }

    private static void copyRecursively(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
