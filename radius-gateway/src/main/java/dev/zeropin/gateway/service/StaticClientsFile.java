package dev.zeropin.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.RadSecIdentity;
import dev.zeropin.support.net.Cidr;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the static RADIUS clients file:
 *
 * <pre>{@code
 * {"clients": [{"name": "vpn1", "address": "192.0.2.10/32", "secretFile": "/run/secrets/vpn1",
 *               "project": "demo", "requireMessageAuthenticator": true}]}
 * }</pre>
 *
 * <p>A client that also (or only) speaks RadSec (RFC 6614) adds how its certificate is recognised:
 * {@code "radsec": {"subject": "CN=vpn1.example.org,O=Example", "subjectAltNames": ["DNS:vpn1.example.org"]}}
 * (either one matching is enough). A client with {@code radsec} and no secret is served over RadSec
 * only; its range may then overlap other clients' (the certificate tells them apart).
 *
 * <p>A secret comes from a file ({@code secretFile}) or an environment variable ({@code secretEnv}),
 * never from the clients file itself, so that the file can live in git. Everything is checked
 * before anything is applied; the first problem is reported with the client it concerns, never
 * with a secret.
 */
public final class StaticClientsFile {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's JSON shape. */
    @RegisterForReflection
    public record FileContent(List<Entry> clients) {}

    /** One client of the file. */
    @RegisterForReflection
    public record Entry(
            String name,
            String address,
            String secretFile,
            String secretEnv,
            String secret,
            String project,
            Boolean requireMessageAuthenticator,
            RadSec radsec) {}

    /** How a RadSec client's certificate is recognised: its subject or one of its subjectAltNames. */
    @RegisterForReflection
    public record RadSec(String subject, List<String> subjectAltNames) {}

    /** The file's clients and a fingerprint of everything they were read from (secrets included). */
    public record Loaded(List<NasClient> clients, byte[] fingerprint) {}

    /** Thrown when the file cannot be used; the message names the problem and never a secret. */
    public static final class InvalidClientsFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidClientsFileException(String message) {
            super(message);
        }
    }

    private StaticClientsFile() {}

    /**
     * Reads and checks the file.
     *
     * @param environment looks up {@code secretEnv} variables
     * @throws InvalidClientsFileException when anything is wrong
     */
    public static Loaded read(Path file, int minSecretLength, Function<String, String> environment) {
        MessageDigest fingerprint = sha256();
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw invalid(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        fingerprint.update(raw);
        FileContent content;
        try {
            content = JSON.readValue(raw, FileContent.class);
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the file's text: only the position is reported.
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw invalid(file, "is not a clients file: not JSON of the expected shape" + where);
        } catch (IOException e) {
            throw invalid(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (content == null || content.clients() == null) {
            throw invalid(file, "has no \"clients\" list");
        }
        List<NasClient> clients = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < content.clients().size(); i++) {
            Entry entry = content.clients().get(i);
            String where = "client " + (i + 1);
            if (entry == null) {
                throw invalid(file, where + " is empty");
            }
            if (entry.name() == null || !NAME.matcher(entry.name()).matches()) {
                throw invalid(file, where + ": name must be 1 to 63 letters, digits, dots, hyphens or underscores");
            }
            where = "client " + entry.name();
            if (!names.add(entry.name())) {
                throw invalid(file, where + " is declared twice");
            }
            Cidr address = Cidr.parse(entry.address())
                    .orElseThrow(() ->
                            invalid(file, "client " + entry.name() + ": address must be an IP address or CIDR range"));
            if (entry.project() == null || entry.project().isBlank()) {
                throw invalid(file, where + ": project is required");
            }
            RadSecIdentity radsec = null;
            if (entry.radsec() != null) {
                try {
                    radsec = RadSecIdentity.of(
                            entry.radsec().subject(), entry.radsec().subjectAltNames());
                } catch (IllegalArgumentException e) {
                    throw invalid(file, where + ": radsec: " + e.getMessage());
                }
            }
            boolean requireMessageAuthenticator = !Boolean.FALSE.equals(entry.requireMessageAuthenticator());
            if (radsec != null && entry.secretFile() == null && entry.secretEnv() == null && entry.secret() == null) {
                clients.add(NasClient.radSecOnly(
                        entry.name(), address, entry.project(), requireMessageAuthenticator, radsec));
                continue;
            }
            if (!addresses.add(address.toString())) {
                throw invalid(file, where + ": address " + address + " is used by another client");
            }
            String secret = secretOf(file, where, entry, environment);
            fingerprint.update(secret.getBytes(StandardCharsets.UTF_8));
            if (secret.length() < minSecretLength) {
                throw invalid(
                        file,
                        where + ": the shared secret is shorter than " + minSecretLength
                                + " characters (use a long random secret)");
            }
            NasClient client =
                    NasClient.declared(entry.name(), address, entry.project(), requireMessageAuthenticator, secret);
            clients.add(radsec == null ? client : client.withRadSec(radsec));
        }
        return new Loaded(List.copyOf(clients), fingerprint.digest());
    }

    /** The system environment as {@link #read} expects it. */
    public static Function<String, String> systemEnvironment() {
        Map<String, String> env = System.getenv();
        return env::get;
    }

    private static String secretOf(Path file, String where, Entry entry, Function<String, String> environment) {
        if (entry.secret() != null) {
            throw invalid(
                    file, where + ": inline secrets are not accepted; use secretFile (a mounted secret) or secretEnv");
        }
        if ((entry.secretFile() == null) == (entry.secretEnv() == null)) {
            throw invalid(file, where + ": exactly one of secretFile and secretEnv is required");
        }
        if (entry.secretFile() != null) {
            Path secretFile = file.toAbsolutePath().getParent().resolve(entry.secretFile());
            try {
                return stripLineEnd(Files.readString(secretFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw invalid(
                        file,
                        where + ": secretFile " + secretFile + " cannot be read ("
                                + e.getClass().getSimpleName() + ")");
            }
        }
        String value = environment.apply(entry.secretEnv());
        if (value == null || value.isEmpty()) {
            throw invalid(file, where + ": environment variable " + entry.secretEnv() + " is not set");
        }
        return value;
    }

    /** A secret file usually ends with a newline that is not part of the secret. */
    private static String stripLineEnd(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static InvalidClientsFileException invalid(Path file, String problem) {
        return new InvalidClientsFileException("RADIUS clients file " + file + ": " + problem);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
