package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeropin.deploy.Charts.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The variables the charts give each service are the ones that service reads: every {@code ZEROPIN_*}
 * name a chart sets appears in the service's application.properties, sets a property of one of its
 * {@code zeropin.*} config mappings, or feeds another variable; and the ones a production start
 * needs are set. So a renamed setting cannot silently drift away from the charts.
 */
class ChartEnvironmentTest {

    private static final Pattern READ = Pattern.compile("\\$\\{(ZEROPIN_[A-Z0-9_]+)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\((ZEROPIN_[A-Z0-9_]+)\\)");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"(zeropin[a-z.-]*)\"\\)");

    /** Without these a service does not start in production, or starts without a feature it needs. */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "registration-service",
            Set.of("ZEROPIN_MASTER_SECRET", "ZEROPIN_NAS_SECRET_KEY", "ZEROPIN_ACTIVATION_SIGNING_KEY"),
            "otp-service",
            Set.of("ZEROPIN_SERVER_SECRET", "ZEROPIN_OTP_ENCRYPTION_KEY"),
            "radius-gateway",
            Set.of("ZEROPIN_OTP_INTERNAL_URL", "ZEROPIN_GATEWAY_SIGNING_KEY", "ZEROPIN_NAS_SECRET_KEY"));

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> readBy(String service) throws IOException {
        return matches(
                READ, Files.readString(Path.of("..", service, "src", "main", "resources", "application.properties")));
    }

    /**
     * Whether {@code name} sets a property of a {@code zeropin.*} config mapping of the service (or of
     * service-support, which every service includes): ZEROPIN_KAFKA_CREATE_TOPICS is
     * zeropin.kafka.create-topics, the method createTopics() of that mapping.
     */
    private static boolean mapped(String service, String name) throws IOException {
        for (String module : new String[] {service, "service-support"}) {
            try (Stream<Path> sources = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path source : sources.filter(path -> path.toString().endsWith(".java"))
                        .toList()) {
                    String java = Files.readString(source);
                    for (String prefix : matches(MAPPING, java)) {
                        String envPrefix = prefix.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + "_";
                        if (name.startsWith(envPrefix)
                                && java.contains(" " + camel(name.substring(envPrefix.length())) + "();")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static String camel(String snake) {
        String[] words = snake.toLowerCase(Locale.ROOT).split("_");
        StringBuilder camel = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return camel.toString();
    }

    private static Set<String> setFor(Rendered rendered, String service) {
        Set<String> names = new TreeSet<>();
        JsonNode deployment = rendered.named("Deployment", service);
        for (JsonNode container :
                deployment.path("spec").path("template").path("spec").path("containers")) {
            container.path("env").forEach(env -> names.add(env.path("name").asText()));
            for (JsonNode from : container.path("envFrom")) {
                String configMap = from.path("configMapRef").path("name").asText();
                rendered.ofKind("ConfigMap").stream()
                        .filter(map ->
                                map.path("metadata").path("name").asText().equals(configMap))
                        .forEach(map -> map.path("data").fieldNames().forEachRemaining(names::add));
            }
        }
        names.removeIf(name -> !name.startsWith("ZEROPIN_"));
        return names;
    }

    @Test
    void everyVariableTheChartsSetIsReadByItsServiceAndTheRequiredOnesAreSet() throws IOException {
        for (String example : new String[] {"values-managed.yaml", "values-generated.yaml"}) {
            Rendered rendered = Charts.render("zeropin", example, Map.of());
            for (String service : Charts.SERVICES) {
                Set<String> set = setFor(rendered, service);
                Set<String> unread = new TreeSet<>(set);
                unread.removeAll(readBy(service));
                unread.removeAll(
                        matches(REFERENCE, rendered.named("Deployment", service).toString()));
                for (String name : Set.copyOf(unread)) {
                    if (mapped(service, name)) {
                        unread.remove(name);
                    }
                }
                assertThat(set).as(example + ": " + service + " gets variables").isNotEmpty();
                assertThat(unread)
                        .as(example + ": variables the chart sets for " + service + " that it never reads")
                        .isEmpty();
                assertThat(set)
                        .as(example + ": " + service + " gets what it needs")
                        .containsAll(REQUIRED.get(service));
            }
        }
    }
}
