package dev.zeropin.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeropin bench load}: the RADIUS load generator on its own, toward any RADIUS server on
 * this machine. Credentials come from a file of {@code user<TAB>password} lines, used in order.
 * Exits 0 when every request got a valid answer (and, with {@code --expect-accept}, an Accept).
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Send PAP Access-Requests to a RADIUS server on loopback and report rate and latency.")
class LoadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", required = true, description = "host:port (a loopback address)")
    String target;

    @Option(names = "--secret-file", required = true, description = "File holding the shared secret")
    Path secretFile;

    @Option(names = "--users", required = true, description = "File of user<TAB>password lines")
    Path users;

    @Option(names = "--requests", description = "Requests to send. Default: ${DEFAULT-VALUE}")
    int requests = 10_000;

    @Option(names = "--duration", description = "Stop sending after this long. Default: ${DEFAULT-VALUE}")
    Duration duration = Duration.ofSeconds(10);

    @Option(names = "--window", description = "Requests in flight at most. Default: ${DEFAULT-VALUE}")
    int window = 256;

    @Option(names = "--rate", description = "Requests per second (0: as fast as the window allows)")
    double rate = 0;

    @Option(names = "--retransmit", description = "Fraction of requests sent again after their answer")
    double retransmit = 0;

    @Option(names = "--timeout", description = "Wait for each answer. Default: ${DEFAULT-VALUE}")
    Duration timeout = Duration.ofSeconds(2);

    @Option(names = "--expect-accept", description = "Fail unless every request is accepted")
    boolean expectAccept;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int colon = target.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(
                InetAddress.getByName(target.substring(0, colon)), Integer.parseInt(target.substring(colon + 1)));
        List<RadiusLoad.Credential> credentials = Files.readAllLines(users, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .map(line -> line.split("\t", 2))
                .map(parts -> new RadiusLoad.Credential(parts[0], parts[1]))
                .toList();
        String secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
        RadiusLoad.Plan plan = new RadiusLoad.Plan(
                address,
                secret,
                credentials,
                requests,
                duration,
                Math.max(1, (window + 255) / 256),
                window,
                rate,
                retransmit,
                timeout);
        RadiusLoad.Result result = RadiusLoad.run(plan);
        out.println(result);
        out.flush();
        boolean complete = result.accepted() + result.rejected() == result.sent()
                && result.invalid() == 0
                && result.retransmitDiffered() == 0;
        boolean ok = complete && (!expectAccept || result.accepted() == result.sent());
        return ok ? 0 : 1;
    }
}
