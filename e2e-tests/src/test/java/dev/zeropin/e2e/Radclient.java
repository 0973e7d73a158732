package dev.zeropin.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeRADIUS's {@code radclient} (Debian's freeradius-utils) as a NAS. It exits 1 on Access-Reject
 * as on silence, so the outcome is read from its output, never from its exit code alone.
 */
final class Radclient {

    private static final Pattern REPLY_MESSAGE = Pattern.compile("Reply-Message = \"([^\"]*)\"");

    private Radclient() {}

    /** What radclient saw. */
    record Result(String outcome, String output) {

        boolean accepted() {
            return outcome.equals("Access-Accept");
        }

        boolean rejected() {
            return outcome.equals("Access-Reject");
        }

        boolean unanswered() {
            return outcome.equals("none");
        }

        String replyMessage() {
            Matcher matcher = REPLY_MESSAGE.matcher(output);
            return matcher.find() ? matcher.group(1) : "";
        }
    }

    /**
     * Sends one Access-Request with {@code attributes} (radclient syntax, e.g.
     * {@code User-Name = "a@example.com", User-Password = "123456", Message-Authenticator = 0x00})
     * to {@code 127.0.0.1:port}, waiting {@code timeoutSeconds} for an answer, without retries.
     */
    static Result authenticate(int port, Path secretFile, String attributes, int timeoutSeconds) {
        return authenticate("127.0.0.1", port, secretFile, attributes, timeoutSeconds);
    }

    /** As {@link #authenticate(int, Path, String, int)}, to {@code host:port}. */
    static Result authenticate(String host, int port, Path secretFile, String attributes, int timeoutSeconds) {
        List<String> command = List.of(
                "radclient",
                "-x",
                "-r",
                "1",
                "-t",
                String.valueOf(timeoutSeconds),
                "-S",
                secretFile.toString(),
                host + ":" + port,
                "auth");
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().write((attributes + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds + 10L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("radclient did not finish");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String outcome;
            if (output.contains("Received Access-Accept")) {
                outcome = "Access-Accept";
            } else if (output.contains("Received Access-Reject")) {
                outcome = "Access-Reject";
            } else if (output.contains("No reply from server")) {
                outcome = "none";
            } else {
                throw new AssertionError("unexpected radclient output:\n" + output);
            }
            return new Result(outcome, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** PAP with a Message-Authenticator, as the local mode's printed command does. */
    static Result pap(int port, Path secretFile, String userId, String password) {
        return authenticate(
                port,
                secretFile,
                "User-Name = \"" + userId + "\", User-Password = \"" + password + "\", Message-Authenticator = 0x00",
                5);
    }

    /** CHAP: radclient computes CHAP-Password from the clear text with a random challenge. */
    static Result chap(int port, Path secretFile, String userId, String password) {
        return authenticate(
                port,
                secretFile,
                "User-Name = \"" + userId + "\", CHAP-Password = \"" + password + "\", Message-Authenticator = 0x00",
                5);
    }
}
