package dev.zeropin.client.cli;

import dev.zeropin.client.IdentityStore;
import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.client.ZeroPinException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeropin client}: the reference device on the command line. Codes and PINs are asked for
 * interactively (without echo on a terminal) or read from standard input, never taken as arguments.
 */
@Command(
        name = "zeropin-client",
        mixinStandardHelpOptions = true,
        description = "A ZeroPIN device on the command line: register a User ID, then get OTPs with a PIN.",
        subcommands = {ClientCommand.Register.class, ClientCommand.GetOtp.class, ClientCommand.ListIdentities.class})
public class ClientCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--store",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Identity store (JSON, owner-only). Default: ${DEFAULT-VALUE}")
    Path store = Path.of(System.getProperty("user.home"), ".zeropin-client", "identities.json");

    private BufferedReader stdin;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    String ask(String prompt, boolean secret) {
        Console console = System.console();
        if (console != null) {
            return secret ? new String(console.readPassword("%s", prompt)) : console.readLine("%s", prompt);
        }
        PrintWriter out = spec.commandLine().getErr();
        out.print(prompt);
        out.flush();
        try {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            String line = stdin.readLine();
            if (line == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no input for: " + prompt.strip());
            }
            return line.strip();
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read input");
        }
    }

    int askPin(String prompt) {
        String pin = ask(prompt, true);
        if (!pin.matches("\\d{4}") || pin.equals("0000")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a PIN has 4 digits and is not 0000");
        }
        return Integer.parseInt(pin);
    }

    /** {@code register}: verify a User ID by e-mail, choose a PIN, keep the token. */
    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a User ID on this device.")
    static class Register implements Callable<Integer> {

        @CommandLine.ParentCommand
        ClientCommand parent;

        @Option(names = "--url", required = true, description = "registration-service, e.g. http://localhost:8080")
        URI url;

        @Option(names = "--client-id", required = true, description = "The project (client_id of the OTP link)")
        String clientId;

        @Option(names = "--user-id", required = true, description = "Your User ID (e-mail address)")
        String userId;

        @Option(names = "--device", description = "A label for this device. Default: ${DEFAULT-VALUE}")
        String device = "zeropin-client";

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            ZeroPinClient client = new ZeroPinClient(url);
            try {
                ZeroPinClient.Registration registration = client.startRegistration(clientId, userId);
                out.println("A verification code was sent to " + userId + ".");
                out.flush();
                String code = parent.ask("Code from the e-mail: ", false);
                String activation = client.verifyCode(registration.registrationId(), code);
                int pin = parent.askPin("Choose a 4-digit PIN: ");
                if (pin != parent.askPin("Type the PIN again: ")) {
                    parent.spec.commandLine().getErr().println("The PINs differ; nothing was registered.");
                    return 2;
                }
                StoredIdentity identity = ZeroPinClient.enrol(client.createIdentity(activation, device), pin);
                new IdentityStore(parent.store).add(identity);
                out.println("Registered " + identity.userId() + " for " + identity.clientId() + ".");
                return 0;
            } catch (ZeroPinException e) {
                parent.spec.commandLine().getErr().println("Refused: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code otp}: enter the PIN, get an OTP. */
    @Command(name = "otp", mixinStandardHelpOptions = true, description = "Get an OTP (asks for the PIN).")
    static class GetOtp implements Callable<Integer> {

        @CommandLine.ParentCommand
        ClientCommand parent;

        @Option(names = "--user-id", description = "Which identity (default: the newest)")
        String userId;

        @Option(names = "--client-id", description = "Which project (default: any)")
        String clientId;

        @Override
        public Integer call() {
            IdentityStore store = new IdentityStore(parent.store);
            StoredIdentity identity = store.find(userId, clientId).orElse(null);
            if (identity == null) {
                parent.spec.commandLine().getErr().println("No identity in " + parent.store + "; register first.");
                return 2;
            }
            try {
                ZeroPinClient.Otp otp = new ZeroPinClient(URI.create(identity.otpServiceUrl()))
                        .obtainOtp(identity, parent.askPin("PIN for " + identity.userId() + ": "));
                long seconds = Math.max(
                        0, Duration.between(Instant.now(), otp.expiresAt()).toSeconds());
                parent.spec.commandLine().getOut().println(otp.code());
                parent.spec
                        .commandLine()
                        .getErr()
                        .println("valid for " + seconds + " s (until " + otp.expiresAt() + ")");
                return 0;
            } catch (ZeroPinException e) {
                if ("identity_revoked".equals(e.code())) {
                    store.remove(identity.mpinId());
                    parent.spec
                            .commandLine()
                            .getErr()
                            .println("This identity was revoked and is removed; register again.");
                } else if ("authentication_failed".equals(e.code())) {
                    parent.spec.commandLine().getErr().println("Wrong PIN, " + e.attemptsLeft() + " attempts left.");
                } else {
                    parent.spec.commandLine().getErr().println("Refused: " + e.getMessage());
                }
                return 1;
            }
        }
    }

    /** {@code list}: the identities on this device. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the identities of this device.")
    static class ListIdentities implements Callable<Integer> {

        @CommandLine.ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() {
            for (StoredIdentity identity : new IdentityStore(parent.store).list()) {
                parent.spec.commandLine().getOut().println(identity.userId() + "\t" + identity.clientId());
            }
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClientCommand()).execute(args));
    }
}
