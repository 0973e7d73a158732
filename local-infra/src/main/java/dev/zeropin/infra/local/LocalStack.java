package dev.zeropin.infra.local;

import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The whole product on one machine: a real PostgreSQL, an in-process Kafka broker and SMTP server,
 * and the three services as child JVMs, all state in one data folder. Used by the local mode
 * ({@code zeropin local}) and by the end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    /** The client id of the project the local mode creates. */
    public static final String DEMO_PROJECT = "demo";

    /** The name of the RADIUS client (NAS) the local mode declares for 127.0.0.1. */
    public static final String LOCAL_NAS = "local";

    private static final String SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final LocalStackOptions options;
    private KeyRing keys;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private MailServer mail;
    private ServiceProcess registration;
    private ServiceProcess otp;
    private ServiceProcess gateway;
    private final List<ServiceProcess> extraGateways = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** otp-service's internal TLS port, which the gateways call (the charts' default transport). */
    private final int otpInternalTlsPort = LocalStackOptions.freePort();
    /** RadSec (TCP): the documented 2083 when the documented RADIUS ports are used (local mode), else a free port. */
    private final int radsecPort;

    public LocalStack(LocalStackOptions options) {
        this.options = options;
        this.radsecPort = options.radiusAuthPort() == 1812 ? 2083 : LocalStackOptions.freePort();
    }

    /** Starts the infrastructure and the services and waits until every service is ready. */
    public LocalStack start() {
        try {
            startInfrastructure();
            startServices();
            awaitReady(options.readyTimeout());
            ensureDemoProject();
            awaitDemoProjectInOtpService(options.readyTimeout());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts PostgreSQL, Kafka and SMTP and prepares keys, secrets and configuration files. */
    public LocalStack startInfrastructure() {
        Path data = options.dataDirectory();
        keys = KeyRing.createMissing(data.resolve("keys"));
        writeRadiusClients();
        postgres = PostgresServer.builder()
                .dataDirectory(data.resolve("postgres"))
                .durable(options.durable())
                .databases("registration", "otp")
                .build();
        kafka = KafkaBroker.inDirectory(data.resolve("kafka"), options.kafkaPort());
        CompletableFuture<Void> database = CompletableFuture.runAsync(postgres::start);
        if (options.startKafka()) {
            kafka.start();
        }
        mail = MailServer.start(0, mailbox());
        database.join();
        return this;
    }

    /** Starts the three services (without waiting for them). */
    public LocalStack startServices() {
        registration = new ServiceProcess(
                        "registration-service",
                        jar("registration-service"),
                        logFile("registration-service"),
                        options.registrationPort(),
                        registrationEnvironment())
                .start();
        otp = new ServiceProcess(
                        "otp-service", jar("otp-service"), logFile("otp-service"), options.otpPort(), otpEnvironment())
                .start();
        gateway = new ServiceProcess(
                        "radius-gateway",
                        jar("radius-gateway"),
                        logFile("radius-gateway"),
                        options.gatewayHttpPort(),
                        withRadSec(gatewayEnvironment(
                                options.gatewayHttpPort(), options.radiusAuthPort(), options.radiusAcctPort())))
                .start();
        return this;
    }

    /**
     * Starts one more radius-gateway replica on other ports (same otp-service, Kafka, keys and
     * clients file) and waits until it is ready; {@link #close()} stops it with the others. Tests
     * of several replicas racing use it.
     */
    public ServiceProcess startExtraGateway(int httpPort, int radiusAuthPort, int radiusAcctPort) {
        String name = "radius-gateway-" + (extraGateways.size() + 2);
        ServiceProcess extra = new ServiceProcess(
                name,
                jar("radius-gateway"),
                logFile(name),
                httpPort,
                gatewayEnvironment(httpPort, radiusAuthPort, radiusAcctPort));
        extraGateways.add(extra);
        extra.start();
        extra.awaitReady(options.readyTimeout());
        return extra;
    }

    /** Waits until every service reports ready. */
    public void awaitReady(Duration timeout) {
        List<CompletableFuture<Void>> waits = services().stream()
                .map(service -> CompletableFuture.runAsync(() -> service.awaitReady(timeout)))
                .toList();
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
    }

    private Map<String, String> commonEnvironment(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("ZEROPIN_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("ZEROPIN_PUBLIC_URL", "http://localhost:" + options.registrationPort());
        env.put("ZEROPIN_OTP_PUBLIC_URL", "http://localhost:" + options.otpPort());
        if (database != null) {
            env.put("ZEROPIN_DB_JDBC_URL", postgres.jdbcUrl(database));
            env.put("ZEROPIN_DB_REACTIVE_URL", postgres.reactiveUrl(database));
            env.put("ZEROPIN_DB_USERNAME", postgres.username());
            env.put("ZEROPIN_DB_PASSWORD", "");
        }
        env.putAll(options.extraEnvironment());
        return env;
    }

    private Map<String, String> registrationEnvironment() {
        Map<String, String> env = commonEnvironment("registration");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(options.registrationPort()));
        env.put("ZEROPIN_ADMIN_VERIFICATION_JWKS", uri(keys.file(KeyRing.ADMIN_VERIFICATION)));
        env.put(
                "ZEROPIN_ACTIVATION_SIGNING_KEY",
                keys.file(KeyRing.ACTIVATION_SIGNING).toString());
        env.put("ZEROPIN_MASTER_SECRET", keys.file(KeyRing.MASTER_SECRET).toString());
        env.put("ZEROPIN_NAS_SECRET_KEY", keys.file(KeyRing.NAS_SECRET_KEY).toString());
        env.put(
                "ZEROPIN_ASSERTION_VERIFICATION_JWKS",
                keys.file(KeyRing.ASSERTION_VERIFICATION).toString());
        env.put("QUARKUS_MAILER_HOST", mail.host());

        env.put("QUARKUS_MAILER_PORT", String.valueOf(mail.port()));
        env.put("QUARKUS_MAILER_FROM", "ZeroPIN <zeropin@localhost>");
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        return env;
    }

    private Map<String, String> otpEnvironment() {
        Map<String, String> env = commonEnvironment("otp");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(options.otpPort()));
        env.put("ZEROPIN_GATEWAY_VERIFICATION_JWKS", uri(keys.file(KeyRing.GATEWAY_VERIFICATION)));
        env.put("ZEROPIN_SERVER_SECRET", keys.file(KeyRing.SERVER_SECRET).toString());
        env.put(
                "ZEROPIN_ASSERTION_SIGNING_KEY",
                keys.file(KeyRing.ASSERTION_SIGNING).toString());
        env.put(
                "ZEROPIN_OTP_ENCRYPTION_KEY",
                keys.file(KeyRing.OTP_ENCRYPTION_KEY).toString());
        env.put("ZEROPIN_INTERNAL_TLS_PORT", String.valueOf(otpInternalTlsPort));
        env.put(
                "ZEROPIN_INTERNAL_TLS_CERTIFICATE",
                keys.file(KeyRing.OTP_INTERNAL_TLS_CERTIFICATE).toString());
        env.put(
                "ZEROPIN_INTERNAL_TLS_KEY",
                keys.file(KeyRing.OTP_INTERNAL_TLS_KEY).toString());
        return env;
    }

    private Map<String, String> gatewayEnvironment(int httpPort, int radiusAuthPort, int radiusAcctPort) {
        Map<String, String> env = commonEnvironment(null);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("GATEWAY_RADIUS_BIND_ADDRESS", "127.0.0.1");
        env.put("GATEWAY_RADIUS_AUTH_PORT", String.valueOf(radiusAuthPort));
        env.put("GATEWAY_RADIUS_ACCT_PORT", String.valueOf(radiusAcctPort));
        env.put(
                "ZEROPIN_GATEWAY_SIGNING_KEY",
                keys.file(KeyRing.GATEWAY_SIGNING).toString());
        env.put("ZEROPIN_NAS_SECRET_KEY", keys.file(KeyRing.NAS_SECRET_KEY).toString());
        env.put("ZEROPIN_OTP_INTERNAL_URL", "https://localhost:" + otpInternalTlsPort);
        env.put(
                "ZEROPIN_OTP_INTERNAL_CERTIFICATE",
                keys.file(KeyRing.OTP_INTERNAL_TLS_CERTIFICATE).toString());
        env.put("ZEROPIN_RADIUS_CLIENTS_FILE", radiusClientsFile().toString());
        return env;
    }

    /**
     * RadSec on the first gateway only (extra replicas would need ports of their own): the ring's
     * server certificate, and its local CA as the issuer of NAS certificates.
     */
    private Map<String, String> withRadSec(Map<String, String> env) {
        env.put("GATEWAY_RADSEC_ENABLED", "true");
        env.put("GATEWAY_RADSEC_PORT", String.valueOf(radsecPort));
        env.put(
                "GATEWAY_RADSEC_CERTIFICATE_FILE",
                keys.file(KeyRing.RADSEC_SERVER_CERTIFICATE).toString());
        env.put("GATEWAY_RADSEC_KEY_FILE", keys.file(KeyRing.RADSEC_SERVER_KEY).toString());
        env.put(
                "GATEWAY_RADSEC_CA_FILE",
                keys.file(KeyRing.RADSEC_CA_CERTIFICATE).toString());
        return env;
    }

    /** The gateway's RadSec (RADIUS over TLS) port. */
    public int radsecPort() {
        return radsecPort;
    }

    /** The local RadSec listener and the files a RadSec client of the local NAS needs (the local mode prints it). */
    public String radsecDescription() {
        return "127.0.0.1:" + radsecPort + " (TLS; client certificate " + keys.file(KeyRing.RADSEC_NAS_CERTIFICATE)
                + ", its key " + keys.file(KeyRing.RADSEC_NAS_KEY) + ", gateway CA "
                + keys.file(KeyRing.RADSEC_CA_CERTIFICATE) + ", secret radsec)";
    }

    /** Creates the demo project through the admin API unless it exists. */
    void ensureDemoProject() {
        String token = keys.adminToken("local-mode", Duration.ofMinutes(5));
        String body = "{\"clientId\":\"" + DEMO_PROJECT + "\",\"name\":\"ZeroPIN demo\"}";
        HttpRequest request = HttpRequest.newBuilder(registration.baseUrl().resolve("/api/v1/admin/projects"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            int status = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException("the demo project could not be created: HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until otp-service holds its copy of the demo project (delivered by {@code
     * project-events}): until then it refuses the project's logins as disabled, so the local mode
     * would print a link that does not work yet.
     */
    void awaitDemoProjectInOtpService(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (postgres.query("otp", "SELECT 1 FROM project_copy WHERE client_id = ?", DEMO_PROJECT)
                .isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("otp-service did not receive the demo project within " + timeout
                        + "; see " + logFile("otp-service"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void writeRadiusClients() {
        Path secret = radiusSecretFile();
        try {
            Files.createDirectories(secret.getParent());
            if (!Files.exists(secret)) {
                Files.createFile(
                        secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(secret, randomSecret(32), StandardCharsets.UTF_8);
            }
            String clients = """
                    {
                      "clients": [
                        {
                          "name": "%s",
                          "address": "127.0.0.1/32",
                          "secretFile": "%s",
                          "project": "%s",
                          "requireMessageAuthenticator": true,
                          "radsec": {"subject": "%s"}
                        }
                      ]
                    }
                    """.formatted(LOCAL_NAS, secret, DEMO_PROJECT, KeyRing.RADSEC_LOCAL_NAS_SUBJECT);
            Files.writeString(radiusClientsFile(), clients, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String randomSecret(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder secret = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            secret.append(SECRET_ALPHABET.charAt(random.nextInt(SECRET_ALPHABET.length())));
        }
        return secret.toString();
    }

    private Path jar(String module) {
        return options.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private Path logFile(String service) {
        return options.dataDirectory().resolve("logs").resolve(service + ".log");
    }

    private static String uri(Path path) {
        return path.toUri().toString();
    }

    /** Stops the services, then SMTP, Kafka and PostgreSQL. Safe to call twice. */
    @Override
    public void close() {
        services().parallelStream().forEach(ServiceProcess::stop);
        if (mail != null) {
            mail.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        LOG.debug("local stack stopped");
    }

    private List<ServiceProcess> services() {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(registration, otp, gateway), extraGateways.stream())
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** The OTP generation link of the demo project. */
    public URI otpLink() {
        return URI.create("http://localhost:" + options.registrationPort() + "/otpgen?client_id=" + DEMO_PROJECT);
    }

    /** A one-time link that makes its user a global administrator of the console. */
    public ConsoleBootstrap.Link consoleBootstrapLink() {
        return ConsoleBootstrap.create(registration.baseUrl(), keys.adminToken("local-mode", Duration.ofMinutes(5)));
    }

    /** A complete radclient command for the local NAS, with {@code <OTP>} where the code goes. */
    public String radclientCommand(String userId) {
        return "echo 'User-Name=" + userId + ",User-Password=<OTP>,Message-Authenticator=0x00' | radclient -x -S "
                + radiusSecretFile() + " 127.0.0.1:" + options.radiusAuthPort() + " auth";
    }

    public Path mailbox() {
        return options.dataDirectory().resolve("mailbox");
    }

    public Path radiusSecretFile() {
        return options.dataDirectory().resolve("secrets").resolve("radius-" + LOCAL_NAS + ".secret");
    }

    public Path radiusClientsFile() {
        return options.dataDirectory().resolve("radius-clients.json");
    }

    public KeyRing keys() {
        return keys;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public MailServer mail() {
        return mail;
    }

    public ServiceProcess registration() {
        return registration;
    }

    public ServiceProcess otp() {
        return otp;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    public LocalStackOptions options() {
        return options;
    }
}
