package dev.zeropin.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeRADIUS as the reference: {@code bench/freeradius-bench.sh} builds its private configuration
 * (1000 static PAP users in the {@code files} module, Message-Authenticator required, loopback
 * listener) and measures {@code radclient}; this class starts the same server again for our own
 * load generator and stops it by its PID.
 */
final class FreeRadius implements AutoCloseable {

    static final int AUTH_PORT = 18121;
    static final String SECRET = "BenchSecret-2f9c41";
    static final int USERS = 1000;
    private static final Pattern AUTH_PER_SECOND = Pattern.compile("^auth/s: (\\d+)$", Pattern.MULTILINE);

    private final Path base;
    private Process server;

    private FreeRadius(Path base) {
        this.base = base;
    }

    /** The users the script configures: benchuser00001 … with pw-00001-Q7x …. */
    static List<RadiusLoad.Credential> users() {
        List<RadiusLoad.Credential> users = new ArrayList<>(USERS);
        for (int i = 1; i <= USERS; i++) {
            users.add(new RadiusLoad.Credential(
                    String.format(Locale.ROOT, "benchuser%05d", i), String.format(Locale.ROOT, "pw-%05d-Q7x", i)));
        }
        return users;
    }

    /** Whether FreeRADIUS and radclient are installed. */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/freeradius")) && Files.isExecutable(Path.of("/usr/bin/radclient"));
    }

    /**
     * Runs the script (setup if needed, then radclient's runs) and returns its log and its final
     * {@code auth/s} figure (the median of radclient's best parallelism).
     */
    static double radclientPerSecond(Path script, Path base, int runs, Path log) {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("BASE", base.toString());
        builder.environment().put("RUNS", String.valueOf(runs));
        builder.environment().put("PARS", "64 256");
        builder.environment().put("FORCE_SETUP", "0");
        try {
            int exit = builder.start().waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher matcher = AUTH_PER_SECOND.matcher(output);
            if (exit != 0 || !matcher.find()) {
                throw new IllegalStateException("freeradius-bench.sh failed (exit " + exit + "), see " + log);
            }
            return Double.parseDouble(matcher.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Starts the server the script configured under {@code base} and waits until it answers. */
    static FreeRadius start(Path base) {
        FreeRadius radius = new FreeRadius(base);
        Path raddb = base.resolve("raddb");
        if (!Files.isRegularFile(raddb.resolve(".bench-ok"))) {
            throw new IllegalStateException("FreeRADIUS is not configured under " + base + ": run the script first");
        }
        try {
            radius.server = new ProcessBuilder(
                            "freeradius",
                            "-f",
                            "-d",
                            raddb.toString(),
                            "-l",
                            base.resolve("log/radiusd.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            base.resolve("freeradius-console.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            RadiusLoad.Result probe =
                    RadiusLoad.run(radius.plan(List.of(users().get(0)), 1, 1).withRequests(1));
            if (probe.accepted() == 1) {
                return radius;
            }
            if (!radius.server.isAlive()) {
                throw new IllegalStateException("FreeRADIUS exited; see " + base.resolve("log/radiusd.log"));
            }
        }
        radius.close();
        throw new IllegalStateException("FreeRADIUS did not answer");
    }

    /** A plan against this server. */
    RadiusLoad.Plan plan(List<RadiusLoad.Credential> credentials, int requests, int window) {
        return new RadiusLoad.Plan(
                new InetSocketAddress("127.0.0.1", AUTH_PORT),
                SECRET,
                credentials,
                requests,
                Duration.ofSeconds(30),
                Math.max(1, (window + 255) / 256),
                window,
                0,
                0,
                Duration.ofMillis(500));
    }

    long pid() {
        return server.pid();
    }

    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                if (!server.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.destroyForcibly();
            }
        }
    }
}
