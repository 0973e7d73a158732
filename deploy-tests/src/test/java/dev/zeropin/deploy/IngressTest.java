package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Ingresses route the public paths only: the OTP pages, the mobile app and the public API. */
class IngressTest {

    private static final List<String> REGISTRATION_PUBLIC_PATHS = List.of(
            "/otpgen",
            "/m",
            "/css",
            "/js",
            "/img",
            "/vendor",
            "/api/v1/registrations",
            "/api/v1/identities",
            "/api/v1/mobile-activations");

    @Test
    void noIngressByDefault() {
        assertThat(Scenario.DEFAULTS.render().ofKind("Ingress")).isEmpty();
    }

    @Test
    void registrationServiceExposesItsPagesStaticFilesAndPublicApi() {
        JsonNode ingress = Scenario.MANAGED.render().get("Ingress", "zp-registration-service");
        assertThat(paths(ingress)).containsExactlyElementsOf(REGISTRATION_PUBLIC_PATHS);
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("login.example.com");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("zeropin-tls");
        assertThat(backends(ingress)).containsOnly("zp-registration-service");
    }

    @Test
    void otpServiceExposesOnlyPassOneAndPassTwo() {
        JsonNode ingress = Scenario.EVERYTHING.render().get("Ingress", "zp-otp-service");
        assertThat(paths(ingress)).containsExactly("/api/v1/authenticate");
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("otp.example.net");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("otp-tls");
        assertThat(backends(ingress)).containsOnly("zp-otp-service");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void internalApiHealthAndMetricsAreNeverRouted(Scenario scenario) {
        List<String> routed = scenario.render().ofKind("Ingress").stream()
                .flatMap(ingress -> paths(ingress).stream())
                .toList();
        assertThat(routed).noneMatch(path -> path.startsWith("/internal") || path.startsWith("/q") || path.equals("/"));
        assertThat(scenario.render().ofKind("Ingress"))
                .flatExtracting(IngressTest::backends)
                .doesNotContain("zp-radius-gateway");
    }

    @Test
    void adminPathsOnlyWhenTheConsoleIsExposed() {
        Manifests withoutConsole = Scenario.MANAGED.render();
        assertThat(withoutConsole.find("Ingress", "zp-registration-service-admin"))
                .isEmpty();
        assertThat(withoutConsole.ofKind("Ingress").stream().flatMap(ingress -> paths(ingress).stream()))
                .noneMatch(path -> path.startsWith("/admin") || path.startsWith("/api/v1/admin"));

        JsonNode admin = Scenario.GENERATED.render().get("Ingress", "zp-registration-service-admin");
        assertThat(paths(admin)).containsExactly("/admin", "/api/v1/admin");
        assertThat(admin.at("/spec/rules/0/host").asText())
                .as("the console signs in with identities stored by the pages of the public origin")
                .isEqualTo("otp.example.org");
        assertThat(admin.at("/metadata/annotations/nginx.ingress.kubernetes.io~1whitelist-source-range")
                        .asText())
                .isEqualTo("203.0.113.0/24");
        assertThat(Scenario.GENERATED
                        .render()
                        .get("Ingress", "zp-registration-service")
                        .at("/metadata/annotations/nginx.ingress.kubernetes.io~1whitelist-source-range")
                        .isMissingNode())
                .as("the allow list of the console does not restrict the public pages")
                .isTrue();
    }

    @Test
    void theAdminSwitchAloneExposesNothing() {
        Manifests manifests = Charts.render(Charts.UMBRELLA, Map.of("global.zeropin.ingress.admin.enabled", true));
        assertThat(manifests.ofKind("Ingress")).isEmpty();
    }

    @Test
    void theRoutedPathsAreExactlyThePublicRootsOfTheServices() throws IOException {
        Set<String> registrationRoots = new TreeSet<>(resourceRoots("registration-service"));
        registrationRoots.removeIf(path -> path.startsWith("/admin") || path.startsWith("/api/v1/admin"));
        Path staticFiles = Charts.root().resolve("registration-service/src/main/resources/META-INF/resources");
        try (Stream<Path> folders = Files.list(staticFiles)) {
            folders.filter(Files::isDirectory).forEach(folder -> registrationRoots.add("/" + folder.getFileName()));
        }
        // The browser's M-Pin library is unpacked into META-INF/resources/vendor at build time.
        assertThat(Files.readString(Charts.root().resolve("registration-service/pom.xml")))
                .contains("META-INF/resources/vendor");
        registrationRoots.add("/vendor");
        assertThat(new TreeSet<>(REGISTRATION_PUBLIC_PATHS)).isEqualTo(registrationRoots);

        Set<String> otpRoots = new TreeSet<>(resourceRoots("otp-service"));
        otpRoots.removeIf(path -> path.startsWith("/internal"));
        assertThat(otpRoots).containsExactly("/api/v1/authenticate");
        assertThat(resourceRoots("otp-service")).contains("/internal/v1/otp");
    }

    /** The class-level @Path values of a service's resources. */
    private static List<String> resourceRoots(String service) throws IOException {
        Pattern classPath = Pattern.compile("^@Path\\(\"(/[^\"]*)\"\\)", Pattern.MULTILINE);
        try (Stream<Path> sources = Files.walk(Charts.root().resolve(service).resolve("src/main/java"))) {
            return sources.filter(source -> source.toString().endsWith(".java"))
                    .flatMap(source -> {
                        try {
                            return classPath
                                    .matcher(Files.readString(source))
                                    .results()
                                    .map(match -> match.group(1));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    private static List<String> paths(JsonNode ingress) {
        return Manifests.elements(ingress.at("/spec/rules")).stream()
                .flatMap(rule -> Manifests.elements(rule.at("/http/paths")).stream())
                .map(path -> path.path("path").asText())
                .toList();
    }

    private static List<String> backends(JsonNode ingress) {
        return Manifests.elements(ingress.at("/spec/rules")).stream()
                .flatMap(rule -> Manifests.elements(rule.at("/http/paths")).stream())
                .flatMap(path -> Stream.of(path.at("/backend/service/name").asText()))
                .distinct()
                .toList();
    }
}
