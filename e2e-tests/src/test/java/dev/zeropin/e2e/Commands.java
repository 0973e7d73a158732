package dev.zeropin.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Programs nobody here wrote, run by the tests with a deadline; past it, killed by their PID. */
final class Commands {

    private Commands() {}

    /** How a command ended: its exit code (-1 when it was killed at the deadline) and its output. */
    record Result(int exitCode, String output) {}

    /** Runs {@code command} and fails the test unless it exits 0. */
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
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("output of " + command.get(0) + " unreadable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code program} is on the PATH (or in /usr/sbin). */
    static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    /** Writes a file only its owner can read (configurations with secrets, keys). */
    static void writePrivate(Path file, String content) {
        try {
            deleteQuietly(file);
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
}
