package dev.zeropin.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Linux login through {@code pam_radius_auth} (Debian's libpam-radius-auth 2.0), driven with
 * {@code pamtester}: a PAM service file of its own in {@code /etc/pam.d} whose module reads a
 * configuration file of the test (server, secret, timeout, source address). Removed on close.
 */
final class PamRadius implements AutoCloseable {

    private static final Path PAM_D = Path.of("/etc/pam.d");
    private static final List<Path> MODULES = List.of(
            Path.of("/lib/x86_64-linux-gnu/security/pam_radius_auth.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/security/pam_radius_auth.so"),
            Path.of("/lib/security/pam_radius_auth.so"));

    private final String service;
    private final Path serviceFile;

    /**
     * @param radiusPort the gateway's authentication port on 127.0.0.1
     * @param secret the shared secret of the NAS the module acts as
     * @param sourceAddress the address it sends from (127.0.0.x)
     * @param directory where the module's configuration file goes
     */
    PamRadius(int radiusPort, String secret, String sourceAddress, Path directory) {
        service = "zeropin-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        serviceFile = PAM_D.resolve(service);
        Path conf = directory.resolve(service + ".conf");
        try {
            Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // server[:port]  secret  timeout(s)  source address
            Files.writeString(
                    conf,
                    "127.0.0.1:" + radiusPort + " " + secret + " 5 " + sourceAddress + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(
                    serviceFile,
                    "auth required pam_radius_auth.so conf=" + conf + "\naccount required pam_permit.so\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when pamtester and the module are installed. */
    static boolean isInstalled() {
        boolean pamtester = List.of("/usr/bin/pamtester", "/bin/pamtester").stream()
                .anyMatch(path -> Files.isExecutable(Path.of(path)));
        return pamtester && MODULES.stream().anyMatch(Files::exists);
    }

    /** True when this process may declare a PAM service ({@code /etc/pam.d} writable, i.e. root). */
    static boolean canDeclareServices() {
        return Files.isWritable(PAM_D);
    }

    /** What pamtester reported. */
    record Result(boolean authenticated, String output) {}

    /** {@code pamtester <service> <user> authenticate}, typing {@code password} at the prompt. */
    Result authenticate(String user, String password) {
        try {
            Process process = new ProcessBuilder("pamtester", service, user, "authenticate")
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("pamtester did not finish");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.exitValue() == 0 && output.contains("successfully authenticated"), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(serviceFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
