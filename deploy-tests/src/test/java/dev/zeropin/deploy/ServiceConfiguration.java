package dev.zeropin.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads from its environment, taken from its sources: the ${ZEROPIN_...}
 * placeholders of application.properties and the environment names of every @ConfigMapping
 * property in the service and the project libraries it runs with.
 */
final class ServiceConfiguration {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(ZEROPIN_[A-Z0-9_]+)(:[^}]*)?}");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern BLOCK = Pattern.compile("\\b(interface|enum|class|record)\\s+(\\w+)[^{;]*\\{");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w.<>, ?]+?)\\s+(\\w+)\\(\\);");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    private final String service;

    ServiceConfiguration(String service) {
        this.service = service;
    }

    /** The service's application.properties, line by line. */
    List<String> properties() {
        return lines(Charts.root().resolve(service).resolve("src/main/resources/application.properties"));
    }

    /** Every ${ZEROPIN_...} placeholder outside the test and dev profiles. */
    Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        for (String line : properties()) {
            if (line.startsWith("%test.") || line.startsWith("%dev.")) {
                continue;
            }
            Matcher matcher = PLACEHOLDER.matcher(line);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** The placeholders of the production profile that have no default: the service cannot start without them. */
    Set<String> requiredInProduction() {
        Set<String> names = new TreeSet<>();
        for (String line : properties()) {
            Matcher matcher = PLACEHOLDER.matcher(line);
            while (line.startsWith("%prod.") && matcher.find()) {
                if (matcher.group(2) == null) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    /** The environment names of the @ConfigMapping properties of the service and its project libraries. */
    Set<String> mappedEnvironmentNames() {
        Set<String> names = new TreeSet<>();
        for (Path module : modules()) {
            try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
                sources.filter(source -> source.toString().endsWith(".java"))
                        .map(ServiceConfiguration::read)
                        .filter(text -> MAPPING.matcher(text).find())
                        .forEach(text -> names.addAll(environmentNames(text)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** Whether the service's POM has a dependency with this artifactId. */
    boolean hasDependency(String artifactId) {
        return read(Charts.root().resolve(service).resolve("pom.xml"))
                .contains("<artifactId>" + artifactId + "</artifactId>");
    }

    /** The service's module and the project modules it depends on outside tests. */
    List<Path> modules() {
        List<Path> modules = new ArrayList<>(List.of(Charts.root().resolve(service)));
        Matcher dependency =
                DEPENDENCY.matcher(read(Charts.root().resolve(service).resolve("pom.xml")));
        while (dependency.find()) {
            String block = dependency.group(1);
            Matcher artifact = Pattern.compile("<artifactId>zeropin-([-a-z]+)</artifactId>")
                    .matcher(block);
            if (artifact.find() && !block.contains("<scope>test</scope>")) {
                Path module = Charts.root().resolve(artifact.group(1));
                if (Files.isDirectory(module.resolve("src/main/java"))) {
                    modules.add(module);
                }
            }
        }
        return modules;
    }

    /**
     * The environment names of one @ConfigMapping source: its interfaces, their methods, nested
     * group interfaces expanded, camelCase turned into kebab-case, then into an environment name.
     */
    static Set<String> environmentNames(String source) {
        Matcher mapping = MAPPING.matcher(source);
        if (!mapping.find()) {
            return Set.of();
        }
        Map<String, List<String[]>> methods = new HashMap<>();
        Deque<String> blocks = new ArrayDeque<>();
        String root = null;
        for (String line : source.split("\n")) {
            String code = line.replaceAll("//.*", "");
            Matcher block = BLOCK.matcher(code);
            if (block.find()) {
                String name = block.group(1).equals("interface") ? block.group(2) : "-";
                if (root == null && name.equals(block.group(2))) {
                    root = name;
                }
                blocks.push(name);
                methods.putIfAbsent(name, new ArrayList<>());
            } else if (!blocks.isEmpty()) {
                Matcher method = METHOD.matcher(code);
                if (method.find() && !blocks.peek().equals("-")) {
                    methods.get(blocks.peek()).add(new String[] {method.group(1).trim(), method.group(2)});
                }
            }
            long closing = code.chars().filter(c -> c == '}').count();
            for (long i = 0; i < closing && !blocks.isEmpty(); i++) {
                blocks.pop();
            }
        }
        Set<String> names = new TreeSet<>();
        expand(methods, root, mapping.group(1), names);
        return names;
    }

    private static void expand(Map<String, List<String[]>> methods, String type, String path, Set<String> names) {
        for (String[] method : methods.getOrDefault(type, List.of())) {
            String property = path + "."
                    + method[1].replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (methods.containsKey(method[0])) {
                expand(methods, method[0], property, names);
            } else {
                names.add(property.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
