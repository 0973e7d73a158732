package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What the native executables (-Pnative) need registered, checked against the sources: the event
 * types that Jackson reads and writes by reflection, the classes that must start at run time
 * (static SecureRandom), the resources of tinyradius-netty. No native executable is built here: no
 * GraalVM or Mandrel on these machines.
 */
class NativeImageTest {

    static final List<String> SERVICES = Charts.SERVICES;

    private static final Path EVENTS = Charts.root().resolve("event-contracts");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile(
            "^\\s*(?:(?:public|protected|private|static|final)\\s+)*(?:record|enum)\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern STATIC_RANDOM =
            Pattern.compile("static\\s+(?:final\\s+)?(?:java\\.security\\.)?SecureRandom\\s+\\w+");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyServiceHasANativeProfile(String service) throws IOException {
        String pom = Files.readString(Charts.root().resolve(service).resolve("pom.xml"));
        assertThat(pom).containsPattern("(?s)<id>native</id>.*<quarkus.native.enabled>true</quarkus.native.enabled>");
    }

    @Test
    void everyEventRecordIsRegisteredForReflection() throws IOException {
        Map<String, JsonNode> registered = new TreeMap<>();
        Path config = EVENTS.resolve(
                "src/main/resources/META-INF/native-image/dev.zeropin/event-contracts/reflect-config.json");
        for (JsonNode entry : new ObjectMapper().readTree(config.toFile())) {
            registered.put(entry.path("name").asText(), entry);
        }
        Set<String> types = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(EVENTS.resolve("src/main/java"))) {
            for (Path source :
                    (Iterable<Path>) sources.filter(file -> file.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(source);
                String outer = source.getFileName().toString().replace(".java", "");
                String prefix = packageOf(text) + "." + outer;
                Matcher type = TYPE.matcher(text);
                while (type.find()) {
                    types.add(type.group(1).equals(outer) ? prefix : prefix + "$" + type.group(1));
                }
            }
        }
        assertThat(types)
                .contains("dev.zeropin.events.EventEnvelope", "dev.zeropin.events.ProjectEvents$ProjectCreated");
        assertThat(registered.keySet()).containsAll(types);
        for (String type : types) {
            JsonNode entry = registered.get(type);
            assertThat(entry.path("allDeclaredConstructors").asBoolean())
                    .as(type)
                    .isTrue();
            assertThat(entry.path("allDeclaredMethods").asBoolean()).as(type).isTrue();
            assertThat(entry.path("allDeclaredFields").asBoolean()).as(type).isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void classesWithAStaticSecureRandomStartAtRunTime(String service) throws IOException {
        Set<String> runTime = new TreeSet<>();
        Set<String> holders = new TreeSet<>();
        for (Path module : new ServiceConfiguration(service).modules()) {
            try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.equals("native-image.properties")) {
                        runTime.addAll(runTimeInitialized(file));
                    } else if (name.endsWith(".java")
                            && STATIC_RANDOM.matcher(Files.readString(file)).find()) {
                        holders.add(packageOf(Files.readString(file)) + "." + name.replace(".java", ""));
                    }
                }
            }
        }
        assertThat(runTime)
                .as("%s: classes holding a static SecureRandom", service)
                .containsAll(holders);
        if (service.equals(Charts.GATEWAY)) {
            assertThat(holders).contains("dev.zeropin.gateway.radius.MsChapV2Method");
            // tinyradius-netty: AccessRequest.RANDOM (every request type extends it), TunnelPasswordCodec.RANDOM.
            assertThat(runTime)
                    .contains(
                            "org.tinyradius.core.packet.request",
                            "org.tinyradius.core.attribute.codec.TunnelPasswordCodec");
        }
    }

    @Test
    void theRadiusDictionaryIsIncludedInTheGatewayExecutable() throws IOException {
        Properties properties = new Properties();
        properties.load(Files.newBufferedReader(
                Charts.root().resolve("radius-gateway/src/main/resources/application.properties")));
        String resource = properties.getProperty("quarkus.native.resources.includes");
        assertThat(resource).isNotNull();
        assertThat(getClass().getClassLoader().getResource(resource))
                .as("tinyradius-netty reads its dictionary from %s", resource)
                .isNotNull();
    }

    private static Set<String> runTimeInitialized(Path properties) {
        Properties loaded = new Properties();
        try {
            loaded.load(Files.newBufferedReader(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        Matcher option = Pattern.compile("--initialize-at-run-time=(\\S+)").matcher(loaded.getProperty("Args", ""));
        while (option.find()) {
            names.addAll(List.of(option.group(1).split(",")));
        }
        return names;
    }

    private static String packageOf(String source) {
        Matcher matcher = PACKAGE.matcher(source);
        if (!matcher.find()) {
            throw new AssertionError(
                    "no package in " + source.lines().findFirst().orElse(""));
        }
        return matcher.group(1);
    }
}
