package dev.zeropin.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.service.StaticClientsFile.InvalidClientsFileException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticClientsFileTest {

    private static final String SECRET = "Kq7vR2mX9pL4tW8zN3bH6cJ5";

    @TempDir
    Path directory;

    private Path write(String json) throws Exception {
        Files.writeString(directory.resolve("vpn.secret"), SECRET + "\n");
        Path file = directory.resolve("clients.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsClientsWithSecretsFromFilesAndEnvironment() throws Exception {
        Path file = write("""
                {"clients": [
                  {"name": "vpn1", "address": "192.0.2.10", "secretFile": "vpn.secret", "project": "demo"},
                  {"name": "vpn2", "address": "10.1.2.3/24", "secretEnv": "VPN2_SECRET", "project": "p2",
                   "requireMessageAuthenticator": false}
                ]}
                """);

        StaticClientsFile.Loaded loaded =
                StaticClientsFile.read(file, 16, Map.of("VPN2_SECRET", "another-long-secret-value")::get);

        assertThat(loaded.clients()).hasSize(2);
        NasClient first = loaded.clients().get(0);
        assertThat(first.address()).hasToString("192.0.2.10/32");
        assertThat(new String(first.secret(), StandardCharsets.UTF_8)).isEqualTo(SECRET);
        assertThat(first.requireMessageAuthenticator()).isTrue();
        NasClient second = loaded.clients().get(1);
        assertThat(second.address()).hasToString("10.1.2.0/24");
        assertThat(second.address().contains(InetAddress.getByName("10.1.2.200")))
                .isTrue();
        assertThat(second.requireMessageAuthenticator()).isFalse();
        assertThat(second.toString()).doesNotContain("another-long-secret-value");
    }

    @Test
    void refusesShortSecretsInlineSecretsAndBrokenEntriesWithoutShowingSecrets() throws Exception {
        Files.writeString(directory.resolve("short.secret"), "tooShort");
        assertThatThrownBy(() -> StaticClientsFile.read(
                        write("{\"clients\":[{\"name\":\"v\",\"address\":\"192.0.2.1\",\"secretFile\":\"short.secret\","
                                + "\"project\":\"demo\"}]}"),
                        16,
                        name -> null))
                .isInstanceOf(InvalidClientsFileException.class)
                .hasMessageContaining("client v")
                .hasMessageContaining("shorter than 16")
                .hasMessageNotContaining("tooShort");
        assertThatThrownBy(() -> StaticClientsFile.read(
                        write("{\"clients\":[{\"name\":\"v\",\"address\":\"192.0.2.1\",\"secret\":\"" + SECRET
                                + "\",\"project\":\"demo\"}]}"),
                        16,
                        name -> null))
                .hasMessageContaining("inline secrets are not accepted")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> StaticClientsFile.read(
                        write(
                                "{\"clients\":[{\"name\":\"v\",\"address\":\"vpn.example.com\",\"secretFile\":\"vpn.secret\","
                                        + "\"project\":\"demo\"}]}"),
                        16,
                        name -> null))
                .hasMessageContaining("address must be an IP address or CIDR");
        assertThatThrownBy(() -> StaticClientsFile.read(
                        write("{\"clients\":[{\"name\":\"a\",\"address\":\"192.0.2.1\",\"secretFile\":\"vpn.secret\","
                                + "\"project\":\"demo\"},{\"name\":\"b\",\"address\":\"192.0.2.1/32\","
                                + "\"secretFile\":\"vpn.secret\",\"project\":\"demo\"}]}"),
                        16,
                        name -> null))
                .hasMessageContaining("is used by another client");
        assertThatThrownBy(() -> StaticClientsFile.read(write("{\"clients\": [ {"), 16, name -> null))
                .hasMessageContaining("is not a clients file");
        assertThatThrownBy(() -> StaticClientsFile.read(
                        write("{\"clients\":[{\"name\":\"v\",\"address\":\"192.0.2.1\",\"secretEnv\":\"NOPE\","
                                + "\"project\":\"demo\"}]}"),
                        16,
                        name -> null))
                .hasMessageContaining("NOPE is not set");
    }

    @Test
    void readsRadSecIdentitiesAndClientsThatOnlyUseRadSec() throws Exception {
        Path file = write("""
                {"clients": [
                  {"name": "vpn1", "address": "192.0.2.10", "secretFile": "vpn.secret", "project": "demo",
                   "radsec": {"subject": "CN=vpn1.example.org, O=Example"}},
                  {"name": "tls-only", "address": "192.0.2.10/32", "project": "demo",
                   "radsec": {"subjectAltNames": ["dns:VPN2.example.org", "IP:192.0.2.11"]}}
                ]}
                """);

        StaticClientsFile.Loaded loaded = StaticClientsFile.read(file, 16, name -> null);

        NasClient both = loaded.clients().get(0);
        assertThat(both.servesUdp()).isTrue();
        assertThat(both.radsec().subject().getName()).isEqualTo("CN=vpn1.example.org,O=Example");
        NasClient tlsOnly = loaded.clients().get(1);
        assertThat(tlsOnly.servesUdp())
                .as("no secret: RadSec only, its range may overlap")
                .isFalse();
        assertThat(tlsOnly.secret()).isNull();
        assertThat(tlsOnly.radsec().subjectAltNames()).containsExactly("DNS:vpn2.example.org", "IP:192.0.2.11");
        assertThat(tlsOnly.overRadSec().secret()).isEqualTo("radsec".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> StaticClientsFile.read(
                        write("{\"clients\":[{\"name\":\"v\",\"address\":\"192.0.2.1\",\"project\":\"demo\","
                                + "\"radsec\":{}}]}"),
                        16,
                        name -> null))
                .hasMessageContaining("client v: radsec: radsec needs a subject or at least one subjectAltName");
        assertThatThrownBy(() -> StaticClientsFile.read(
                        write("{\"clients\":[{\"name\":\"v\",\"address\":\"192.0.2.1\",\"project\":\"demo\","
                                + "\"radsec\":{\"subjectAltNames\":[\"IP:vpn.example.org\"]}}]}"),
                        16,
                        name -> null))
                .hasMessageContaining("IP: needs a literal address");
        assertThatThrownBy(() -> StaticClientsFile.read(
                        write("{\"clients\":[{\"name\":\"v\",\"address\":\"192.0.2.1\",\"project\":\"demo\"}]}"),
                        16,
                        name -> null))
                .as("without radsec a secret stays required")
                .hasMessageContaining("exactly one of secretFile and secretEnv is required");
    }

    @Test
    void itsFingerprintChangesWhenASecretFileChanges() throws Exception {
        Path file = write("{\"clients\":[{\"name\":\"v\",\"address\":\"192.0.2.1\",\"secretFile\":\"vpn.secret\","
                + "\"project\":\"demo\"}]}");
        byte[] before = StaticClientsFile.read(file, 16, name -> null).fingerprint();

        Files.writeString(directory.resolve("vpn.secret"), SECRET + "-rotated");

        assertThat(StaticClientsFile.read(file, 16, name -> null).fingerprint()).isNotEqualTo(before);
    }
}
