package dev.zeropin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The Kubernetes objects of one rendering, parsed from Helm's YAML output. */
final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String text;
    private final List<JsonNode> objects;

    private Manifests(String text, List<JsonNode> objects) {
        this.text = text;
        this.objects = objects;
    }

    /** Parses the documents of a rendering; empty documents are skipped. */
    static Manifests parse(String text) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(text)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject() && document.has("kind")) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rendering is not valid YAML", e);
        }
        return new Manifests(text, List.copyOf(objects));
    }

    /** The rendered text, as Helm wrote it. */
    String text() {
        return text;
    }

    /** Every object. */
    List<JsonNode> all() {
        return objects;
    }

    /** The objects of one kind. */
    List<JsonNode> ofKind(String kind) {
        return objects.stream()
                .filter(object -> kind.equals(object.path("kind").asText()))
                .toList();
    }

    /** The names of the objects of one kind. */
    List<String> names(String kind) {
        return ofKind(kind).stream().map(Manifests::name).sorted().toList();
    }

    /** The object of a kind and name, if rendered. */
    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(name(object))).findFirst();
    }

    /** The object of a kind and name. */
    JsonNode get(String kind, String name) {
        return find(kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " among " + summary()));
    }

    /** The Deployment of a service chart in release {@link Charts#RELEASE}. */
    JsonNode deployment(String chart) {
        return get("Deployment", Charts.RELEASE + "-" + chart);
    }

    /** The only container of a service's Deployment. */
    JsonNode container(String chart) {
        JsonNode containers = deployment(chart).at("/spec/template/spec/containers");
        if (containers.size() != 1) {
            throw new AssertionError(chart + " has " + containers.size() + " containers");
        }
        return containers.get(0);
    }

    /** A volume of a service's pod. */
    JsonNode volume(String chart, String name) {
        return elements(deployment(chart).at("/spec/template/spec/volumes")).stream()
                .filter(volume -> volume.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(chart + " has no volume " + name));
    }

    /** The ConfigMap of a service chart. */
    JsonNode configMap(String chart) {
        return get("ConfigMap", Charts.RELEASE + "-" + chart);
    }

    /** kind/name of every object, for failure messages. */
    String summary() {
        return objects.stream()
                .map(object -> object.path("kind").asText() + "/" + name(object))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    /** The elements of an array node (none when it is missing). */
    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
