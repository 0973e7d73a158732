package dev.zeropin.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One ZeroPIN service run from its packaged Quarkus application in a child JVM, with its output
 * appended to a log file. Stopping sends SIGTERM (Quarkus shuts down gracefully), then kills.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * JVM options of each service: a small heap with a young generation large enough for the
     * short-lived big numbers of the pairing code (a tiny one turns them into constant GCs).
     * {@code ZEROPIN_SERVICE_JAVA_OPTS} replaces them.
     */
    static final String DEFAULT_JAVA_OPTIONS = "-Xms96m -Xmx256m -Xmn64m -XX:+UseSerialGC";

    /**
     * The class-data sharing archive that the build writes beside {@code quarkus-run.jar}
     * ({@code quarkus.package.jar.appcds.enabled}): loaded classes are mapped from it instead of
     * being read, verified and parsed again at every start. It belongs to the JVM that built it; a
     * different JVM ignores it (with a warning) and starts as without.
     */
    static final String CDS_ARCHIVE = "app-cds.jsa";

    private final String name;

    private final Path jar;
    private final Path logFile;
    private final int httpPort;
    private final Map<String, String> environment;
    private Process process;

    public ServiceProcess(String name, Path jar, Path logFile, int httpPort, Map<String, String> environment) {
        this.name = name;
        this.jar = jar;
        this.logFile = logFile;
        this.httpPort = httpPort;
        this.environment = Map.copyOf(environment);
    }

    /** Starts the child JVM; returns at once. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    name + " is not built: " + jar + " is missing (run ./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOptions = System.getenv().getOrDefault("ZEROPIN_SERVICE_JAVA_OPTS", DEFAULT_JAVA_OPTIONS);
        command.addAll(List.of(javaOptions.strip().split("\\s+")));
        Path directory = jar.toAbsolutePath().getParent();
        if (Files.isRegularFile(directory.resolve(CDS_ARCHIVE))) {
            // The archive records the class path as it was at build time: run from its directory.
            command.add("-XX:SharedArchiveFile=" + CDS_ARCHIVE);
        }
        command.add("-jar");
        command.add(jar.getFileName().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        LOG.debugf("%s started as process %d", name, process.pid());
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early if the process dies. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " stopped during start-up; see " + logFile + "\n" + logTail());
            }
            if (readiness() == 200) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile);
    }

    /** The HTTP status of {@code /q/health/ready}, or -1 when the service does not answer. */
    public int readiness() {
        try {
            HttpRequest request = HttpRequest.newBuilder(baseUrl().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * The operating-system process id of the running service, for tests that suspend it
     * ({@code kill -STOP}) to make it slow for a moment.
     *
     * @throws IllegalStateException when the service is not running
     */
    public synchronized long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    public String name() {
        return name;
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the service's log, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Sends SIGTERM, waits up to 15 s for a graceful shutdown, then kills the process. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warnf("%s did not stop within 15 s; killing it", name);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the process at once, as a crash would (tests of outages). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
