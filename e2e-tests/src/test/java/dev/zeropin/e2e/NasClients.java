package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;

import dev.zeropin.infra.local.LocalStack;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * RADIUS clients (NAS) of a running stack: the local mode's own, more static ones written into the
 * gateway's clients file (picked up without a restart), and console-managed ones created through
 * registration-service's admin API.
 */
final class NasClients {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private NasClients() {}

    /** A NAS the tests can speak as. */
    record Nas(String name, String sourceAddress, String secret, Path secretFile) {}

    /** An entry of the clients file. */
    record StaticClient(String name, String address, String project, boolean requireMessageAuthenticator) {}

    /** The local mode's NAS: 127.0.0.1, the demo project, Message-Authenticator required. */
    static Nas local(LocalStack stack) {
        try {
            String secret = Files.readString(stack.radiusSecretFile(), StandardCharsets.UTF_8)
                    .strip();
            return new Nas(LocalStack.LOCAL_NAS, "127.0.0.1", secret, stack.radiusSecretFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetSocketAddress authAddress(LocalStack stack) {
        return new InetSocketAddress("127.0.0.1", stack.options().radiusAuthPort());
    }

    static InetSocketAddress acctAddress(LocalStack stack) {
        return new InetSocketAddress("127.0.0.1", stack.options().radiusAcctPort());
    }

    /**
     * Rewrites the clients file with the local NAS and {@code extra} (each with a new secret file),
     * then waits until the gateway answers a Status-Server from each of them.
     */
    static List<Nas> writeStaticClients(LocalStack stack, List<StaticClient> extra) {
        return writeStaticClients(stack, extra, true);
    }

    /**
     * Rewrites the clients file with {@code clients} (each with a new secret file), and the local
     * NAS unless {@code keepLocal} is false, then waits until the gateway answers each of them.
     */
    static List<Nas> writeStaticClients(LocalStack stack, List<StaticClient> clients, boolean keepLocal) {
        Path secrets = stack.radiusSecretFile().getParent();
        List<String> entries = new ArrayList<>();
        if (keepLocal) {
            entries.add(entry(
                    LocalStack.LOCAL_NAS, "127.0.0.1/32", stack.radiusSecretFile(), LocalStack.DEMO_PROJECT, true));
        }
        List<Nas> declared = new ArrayList<>();
        for (StaticClient client : clients) {
            String secret = randomSecret(32);
            Path file = secrets.resolve("radius-" + client.name() + ".secret");
            writeSecret(file, secret);
            entries.add(entry(
                    client.name(), client.address(), file, client.project(), client.requireMessageAuthenticator()));
            declared.add(new Nas(client.name(), client.address().replaceAll("/.*", ""), secret, file));
        }
        replaceClientsFile(stack, "{\"clients\":[" + String.join(",", entries) + "]}");
        for (Nas nas : declared) {
            awaitAnswered(stack, nas, Duration.ofSeconds(30));
        }
        return declared;
    }

    /** Replaces the gateway's clients file with {@code json} at once (the gateway never reads half a file). */
    static void replaceClientsFile(LocalStack stack, String json) {
        try {
            Path clientsFile = stack.radiusClientsFile();
            Path temporary = clientsFile.resolveSibling(clientsFile.getFileName() + ".tmp");
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(
                    temporary,
                    clientsFile,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a console-managed RADIUS client; its secret is in the answer, shown once. */
    static Nas createInConsole(
            LocalStack stack, String sourceAddress, String project, boolean requireMessageAuthenticator) {
        String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = given().baseUri(stack.registration().baseUrl().toString())
                .auth()
                .oauth2(stack.keys().adminToken("e2e@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        name,
                        "address",
                        sourceAddress,
                        "clientId",
                        project,
                        "requireMessageAuthenticator",
                        requireMessageAuthenticator))
                .post("/api/v1/admin/radius-clients")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        Path file = stack.radiusSecretFile().resolveSibling("radius-" + name + ".secret");
        writeSecret(file, secret);
        Nas nas = new Nas(name, sourceAddress, secret, file);
        awaitAnswered(stack, nas, Duration.ofSeconds(30));
        return nas;
    }

    /** Creates a project through the admin API with the given OTP lifetime. */
    static String createProject(LocalStack stack, int otpLifetimeSeconds) {
        return createProject(stack, Map.of("otpLifetimeSeconds", otpLifetimeSeconds));
    }

    /** Creates a project through the admin API with the given settings (name and id chosen here). */
    static String createProject(LocalStack stack, Map<String, Object> settings) {
        String clientId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.put("clientId", clientId);
        body.putIfAbsent("name", "End to end");
        given().baseUri(stack.registration().baseUrl().toString())
                .auth()
                .oauth2(stack.keys().adminToken("e2e@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/projects")
                .then()
                .statusCode(201);
        return clientId;
    }

    /** Waits until the gateway answers a Status-Server sent as {@code nas}: it knows the client. */
    static void awaitAnswered(LocalStack stack, Nas nas, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (RadiusTestClient client = new RadiusTestClient(nas.sourceAddress(), authAddress(stack), nas.secret())) {
            while (System.nanoTime() < deadline) {
                if (client.exchange(client.statusServer(), Duration.ofMillis(500))
                        .isPresent()) {
                    return;
                }
            }
        }
        throw new AssertionError("the gateway did not learn RADIUS client " + nas.name() + " within " + timeout);
    }

    static String randomSecret(int length) {
        StringBuilder secret = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }

    private static String entry(String name, String address, Path secretFile, String project, boolean require) {
        return """
                {"name":"%s","address":"%s","secretFile":"%s","project":"%s","requireMessageAuthenticator":%s}""".formatted(name, address, secretFile, project, require);
    }

    private static void writeSecret(Path file, String secret) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
