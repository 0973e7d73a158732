package dev.zeropin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys generated at install: a pre-install Job runs `zeropin keys` and creates the key Secrets with
 * kubectl, all or none, never over existing ones; the Secrets are not release objects, so upgrades
 * and uninstalls keep them.
 */
class KeyGenerationJobTest {

    private static final String NAME = "zp-zeropin-keygen";
    private static final List<String> SECRETS = List.of(
            "zp-registration-service-keys", "zp-otp-service-keys", "zp-radius-gateway-keys", "zp-admin-signing-key");

    private static Manifests generated() {
        return Charts.renderWithHooks(Charts.example("values-generated.yaml"));
    }

    @Test
    void nothingOfTheJobWithoutKeyGeneration() {
        Manifests manifests = Charts.renderWithHooks(Charts.example("values-managed.yaml"));
        assertThat(manifests.all())
                .noneMatch(object -> object.at("/metadata/annotations").has(Charts.VISIBLE_HOOK));
        assertThat(manifests.ofKind("Job")).isEmpty();
    }

    @Test
    void everyObjectOfTheJobIsAPreInstallHookOnly() {
        Manifests manifests = generated();
        Map<String, Integer> weights = new TreeMap<>();
        for (String kind : List.of("ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Job")) {
            JsonNode annotations = manifests.get(kind, NAME).at("/metadata/annotations");
            assertThat(annotations.path(Charts.VISIBLE_HOOK).asText())
                    .as("%s runs at install only, never at upgrade", kind)
                    .isEqualTo("pre-install");
            assertThat(annotations.path(Charts.VISIBLE_HOOK + "-delete-policy").asText())
                    .contains("before-hook-creation");
            weights.put(
                    kind,
                    Integer.valueOf(
                            annotations.path(Charts.VISIBLE_HOOK + "-weight").asText()));
        }
        assertThat(weights.get("Job"))
                .as("RBAC and script exist before the Job runs")
                .isGreaterThan(weights.get("Role"));
        assertThat(weights.get("Job")).isGreaterThan(weights.get("ConfigMap"));
        assertThat(Scenario.GENERATED.render().find("Job", NAME))
                .as("a hook, not a release object")
                .isEmpty();
    }

    @Test
    void theJobMayCreateSecretsAndReadOrDeleteOnlyItsOwn() {
        JsonNode role = generated().get("Role", NAME);
        List<JsonNode> rules = Manifests.elements(role.path("rules"));
        assertThat(rules)
                .allSatisfy(rule -> assertThat(Manifests.elements(rule.path("resources")))
                        .extracting(JsonNode::asText)
                        .containsExactly("secrets"));
        JsonNode create = rules.get(0);
        assertThat(Manifests.elements(create.path("verbs")))
                .extracting(JsonNode::asText)
                .containsExactly("create");
        JsonNode own = rules.get(1);
        assertThat(Manifests.elements(own.path("verbs")))
                .extracting(JsonNode::asText)
                .containsExactly("get", "delete");
        assertThat(Manifests.elements(own.path("resourceNames")))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(SECRETS);
        assertThat(rules).hasSize(2);
    }

    @Test
    void eachGeneratedSecretHoldsExactlyTheFilesItsServiceMounts() {
        JsonNode kustomization = Manifests.parse("kind: Kustomization\n"
                        + generated()
                                .get("ConfigMap", NAME)
                                .at("/data/kustomization.yaml")
                                .asText())
                .all()
                .get(0);
        Map<String, Set<String>> files = new TreeMap<>();
        for (JsonNode generator : Manifests.elements(kustomization.path("secretGenerator"))) {
            Set<String> keys = new TreeSet<>();
            for (JsonNode file : Manifests.elements(generator.path("files"))) {
                String[] keyAndPath = file.asText().split("=", 2);
                assertThat(keyAndPath[1]).isEqualTo("keys/" + keyAndPath[0]);
                keys.add(keyAndPath[0]);
            }
            files.put(generator.path("name").asText(), keys);
        }
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(SECRETS);
        Manifests release = Scenario.GENERATED.render();
        for (String service : Charts.SERVICES) {
            String secret = "zp-" + service + "-keys";
            assertThat(files.get(secret)).as(secret).isEqualTo(new TreeSet<>(KeyFiles.BY_SERVICE.get(service)));
            assertThat(release.deployment(service).toString()).contains("\"secretName\":\"" + secret + "\"");
        }
        assertThat(files.get("zp-admin-signing-key"))
                .containsExactlyInAnyOrder("admin-signing.jwk", "admin-verification.jwks");
        assertThat(kustomization.at("/generatorOptions/disableNameSuffixHash").asBoolean())
                .isTrue();
    }

    @Test
    void theJobRunsLockedDownWithTheKeysInMemory() {
        JsonNode pod = generated().get("Job", NAME).at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean())
                .isFalse();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText())
                .isEqualTo("ALL");
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/example/zeropin/zeropin-cli:0.1.0");
        JsonNode work = Manifests.elements(pod.path("volumes")).stream()
                .filter(volume -> volume.path("name").asText().equals("work"))
                .findFirst()
                .orElseThrow();
        assertThat(work.at("/emptyDir/medium").asText()).isEqualTo("Memory");
        assertThat(generated().get("Job", NAME).at("/spec/backoffLimit").asInt())
                .isZero();
    }

    @Test
    void theScriptGeneratesWhenNoKeySecretExists(@TempDir Path folder) throws Exception {
        Run run = runScript(folder, 0);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls())
                .containsExactly(
                        "kubectl get secret " + String.join(" ", SECRETS) + " --ignore-not-found -o name",
                        "zeropin keys --out " + folder.resolve("work/keys"),
                        "kubectl create -k " + folder.resolve("work"));
        assertThat(folder.resolve("work/kustomization.yaml")).exists();
    }

    @Test
    void theScriptKeepsExistingKeys(@TempDir Path folder) throws Exception {
        Run run = runScript(folder, SECRETS.size());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls()).hasSize(1).allMatch(call -> call.startsWith("kubectl get secret"));
    }

    @Test
    void theScriptRefusesToGenerateBesideSomeExistingKeys(@TempDir Path folder) throws Exception {
        Run run = runScript(folder, 2);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.calls()).hasSize(1);
        assertThat(run.output()).contains("Refusing to generate new keys beside old ones");
    }

    @Test
    void theScriptRemovesWhatItCreatedWhenCreationFails(@TempDir Path folder) throws Exception {
        Run run = runScript(folder, -1);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.calls().get(run.calls().size() - 1))
                .isEqualTo("kubectl delete secret " + String.join(" ", SECRETS) + " --ignore-not-found");
    }

    private record Run(int exitCode, List<String> calls, String output) {}

    /**
     * Runs generate.sh with stand-ins for kubectl and zeropin that record their arguments.
     *
     * @param existing how many key Secrets kubectl reports as existing; -1: none, and creation fails
     */
    private static Run runScript(Path folder, int existing) throws IOException, InterruptedException {
        JsonNode data = generated().get("ConfigMap", NAME).path("data");
        Path config = Files.createDirectories(folder.resolve("config"));
        Files.writeString(
                config.resolve("generate.sh"), data.path("generate.sh").asText());
        Files.writeString(
                config.resolve("kustomization.yaml"),
                data.path("kustomization.yaml").asText());
        Path bin = Files.createDirectories(folder.resolve("bin"));
        Path calls = folder.resolve("calls");
        StringBuilder found = new StringBuilder();
        for (int i = 0; i < existing; i++) {
            found.append("echo secret/").append(SECRETS.get(i)).append('\n');
        }
        stub(
                bin.resolve("kubectl"),
                calls,
                "if [ \"$1\" = get ]; then\n  :\n" + found + "fi\n"
                        + (existing < 0 ? "if [ \"$1\" = create ]; then exit 1; fi\n" : ""));
        stub(bin.resolve("zeropin"), calls, "");
        ProcessBuilder builder =
                new ProcessBuilder("bash", config.resolve("generate.sh").toString()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("ZEROPIN_KEYGEN_WORK", folder.resolve("work").toString());
        builder.environment().put("ZEROPIN_KEYGEN_CONFIG", config.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> recorded = Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
        return new Run(process.exitValue(), recorded, output);
    }

    private static void stub(Path command, Path calls, String body) throws IOException {
        Files.writeString(command, "#!/bin/bash\necho \"$(basename \"$0\") $*\" >> '" + calls + "'\n" + body);
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
