package dev.zeropin.e2e;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.infra.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test's own network for RADIUS clients that nobody here wrote (eapol_test, OpenVPN with
 * radiusplugin): network namespaces and veth pairs made by the test, whose addresses exist only on
 * those veths, in front of a packaged product; and what such tests share around it: fresh OTPs,
 * commands run with a deadline, programs kept running and stopped by their PIDs.
 *
 * <p>Names are the prefix, a random id and a role, so two runs never meet; veth addresses come from
 * a random 10.200–249.x.0/24, a /30 per link. {@link #close} removes the veths and the namespaces by
 * name; stop what runs inside them first.
 */
final class NetnsLab implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PIN = 1357;

    private final String prefix;
    private final String id = HexFormat.of().formatHex(randomBytes(3));
    private final String subnet = "10." + (200 + RANDOM.nextInt(50)) + "." + RANDOM.nextInt(256) + ".";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<String, StoredIdentity> identities = new ConcurrentHashMap<>();

    /** A veth pair: {@code end} in {@code namespace} (null: the host), {@code peerEnd} in {@code peerNamespace}. */
    record Link(
            String namespace, String end, String address, String peerNamespace, String peerEnd, String peerAddress) {}

    /** What a command printed (standard output and error together) and its exit code; -1 when past its deadline. */
    record Result(int exitCode, String output) {}

    /** @param prefix at most 4 characters, so that veth names (prefix, 6-character id, role) stay within 15 */
    NetnsLab(String prefix) {
        if (prefix.length() > 4) {
            throw new IllegalArgumentException("prefix longer than 4 characters: " + prefix);
        }
        this.prefix = prefix;
    }

    /** Creates namespace {@code <prefix><id><role>} with its loopback up and returns its name. */
    String addNamespace(String role) {
        String name = prefix + id + role;
        mustRun(List.of("ip", "netns", "add", name));
        namespaces.add(name);
        mustRun(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    /** A veth pair from the host ({@code end}, first address of the next /30) into {@code namespace}. */
    Link linkHost(String namespace) {
        return link(null, namespace);
    }

    /** A veth pair between two namespaces (null: the host), addressed from the next /30. */
    Link link(String namespace, String peerNamespace) {
        int index = links.size();
        if (index >= 64) {
            throw new IllegalStateException("a /24 holds 64 links");
        }
        String end = prefix + id + "a" + index;
        String peerEnd = prefix + id + "b" + index;
        Link link =
                new Link(namespace, end, subnet + (4 * index + 1), peerNamespace, peerEnd, subnet + (4 * index + 2));
        List<String> add = new ArrayList<>(in(namespace));
        add.addAll(List.of("link", "add", end, "type", "veth", "peer", "name", peerEnd, "netns", peerNamespace));
        mustRun(add);
        links.add(link);
        configure(namespace, end, link.address());
        configure(peerNamespace, peerEnd, link.peerAddress());
        return link;
    }

    /** Deletes the veths (one end removes both) and then the namespaces, by name; failures are not fatal. */
    @Override
    public void close() {
        for (Link link : links) {
            List<String> delete = new ArrayList<>(in(link.namespace()));
            delete.addAll(List.of("link", "del", link.end()));
            run(delete, 10);
        }
        for (String namespace : namespaces) {
            run(List.of("ip", "netns", "del", namespace), 10);
        }
    }

    /** A new OTP of {@code userId} in the demo project (registered on first use) from a PIN login of the reference client. */
    String freshOtp(LocalStack stack, String userId) {
        StoredIdentity identity = identities.computeIfAbsent(userId, user -> Users.register(stack, user, PIN));
        return Users.client(stack).obtainOtp(identity, PIN).code();
    }

    /** {@code otp} with its last digit changed. */
    static String otherThan(String otp) {
        char last = otp.charAt(otp.length() - 1);
        return otp.substring(0, otp.length() - 1) + (last == '0' ? '1' : '0');
    }

    /**
     * Until the gateway at {@code gateway} answers a Status-Server that radclient sends from
     * {@code namespace} (it has read the clients file): at most 30 attempts of 1 s.
     */
    static void awaitNasKnown(String namespace, String gateway, int port, Path secretFile) {
        Result status = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            status = run(
                    List.of(
                            "ip",
                            "netns",
                            "exec",
                            namespace,
                            "radclient",
                            "-r",
                            "1",
                            "-t",
                            "1",
                            "-S",
                            secretFile.toString(),
                            gateway + ":" + port,
                            "status"),
                    "Message-Authenticator = 0x00\n",
                    10);
            if (status.output().contains("Received Access-Accept")) {
                return;
            }
        }
        throw new AssertionError(
                "the gateway did not learn the NAS in " + namespace + " within 30 attempts: " + status.output());
    }

    static void mustRun(List<String> command) {
        Result result = run(command, 10);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + result.output());
        }
    }

    static Result run(List<String> command, int timeoutSeconds) {
        return run(command, "", timeoutSeconds);
    }

    /** Runs a command with {@code input} on its standard input and a deadline; past it, the process is killed by its PID. */
    static Result run(List<String> command, String input, int timeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            // Read while it runs: a full pipe would hold the process.
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill(process);
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("output of " + command.get(0) + " unreadable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a program that keeps running (a VPN server or client), its output going to {@code log};
     * {@link Daemon#stop} ends it and whatever it started, by PID.
     */
    static Daemon start(List<String> command, Path log) {
        try {
            return new Daemon(
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start(),
                    log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A program started by {@link #start}. */
    static final class Daemon implements AutoCloseable {
        private final Process process;
        private final Path log;

        private Daemon(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /**
         * Waits, at most {@code timeout}, until the output contains one of {@code lines} (returned) or
         * the program ends (null).
         */
        String awaitAny(Duration timeout, String... lines) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String output = output();
                for (String line : lines) {
                    if (output.contains(line)) {
                        return line;
                    }
                }
                if (!process.isAlive()) {
                    return null;
                }
                sleep(Duration.ofMillis(200));
            }
            return null;
        }

        /** SIGTERM, 10 s to finish, then SIGKILL to it and to every process it started that is still there. */
        void stop() {
            List<ProcessHandle> started = process.descendants().toList();
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill(process);
            started.forEach(ProcessHandle::destroyForcibly);
        }

        @Override
        public void close() {
            stop();
        }
    }

    /**
     * Closes each resource that is not null, in order (what runs in the namespaces, the product,
     * then the lab), each one even when an earlier one failed; the first failure is thrown at the end.
     */
    static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + resource + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    /** Writes {@code content} to a new file that only its owner can read (mode 0600). */
    static void writePrivate(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void configure(String namespace, String end, String address) {
        List<String> add = new ArrayList<>(in(namespace));
        add.addAll(List.of("addr", "add", address + "/30", "dev", end));
        mustRun(add);
        List<String> up = new ArrayList<>(in(namespace));
        up.addAll(List.of("link", "set", end, "up"));
        mustRun(up);
    }

    /** {@code ip} in the host (null) or in {@code namespace}. */
    private static List<String> in(String namespace) {
        return namespace == null ? List.of("ip") : List.of("ip", "-n", namespace);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
