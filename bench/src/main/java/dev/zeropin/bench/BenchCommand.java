package dev.zeropin.bench;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeropin bench}: benchmarks of the product on this machine. Loads go to 127.0.0.1 only. */
@Command(
        name = "zeropin-bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks on this machine (loopback only, bounded in time).",
        subcommands = {BenchCommand.Mpin.class, LoadCommand.class, FreeRadiusCommand.class, AllCommand.class})
public class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    /** {@code mpin}: raw pairing checks and complete PIN logins per second. */
    @Command(name = "mpin", mixinStandardHelpOptions = true, description = "M-Pin: SERVER_2/s and PIN logins/s.")
    static class Mpin implements Callable<Integer> {

        @CommandLine.ParentCommand
        BenchCommand parent;

        @Option(names = "--home", description = "Repository root with the built services. Default: ${DEFAULT-VALUE}")
        Path home = Path.of(".");

        @Option(names = "--duration", description = "Length of each run. Default: ${DEFAULT-VALUE}")
        Duration duration = Duration.ofSeconds(15);

        @Option(names = "--runs", description = "Runs per figure (the median is reported). Default: ${DEFAULT-VALUE}")
        int runs = 3;

        @Option(names = "--threads", description = "Concurrent devices. Default: ${DEFAULT-VALUE}")
        int threads = 8;

        @Option(names = "--users", description = "Registered identities to log in with. Default: ${DEFAULT-VALUE}")
        int users = 40;

        @Option(names = "--record", description = "Append the results to this Markdown file (docs/benchmarks.md)")
        Path record;

        @Option(
                names = "--durable",
                negatable = true,
                description = "PostgreSQL with production durability (fsync, synchronous commit). Default: true")
        boolean durable = true;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<Double> server2 = new ArrayList<>();
            MpinBench.server2PerSecond(2, Duration.ofSeconds(10));
            for (int run = 0; run < runs; run++) {

                server2.add(MpinBench.server2PerSecond(2, duration));
            }
            Stats raw = Stats.of(server2);
            out.println("SERVER_2 (2 threads, in-process): " + raw.format("checks/s"));
            out.flush();
            Path data = Files.createTempDirectory("zeropin-bench");
            LocalStackOptions options = LocalStackOptions.forTests(
                            home.toAbsolutePath().normalize(), data)
                    .withDurable(durable)
                    .withEnvironment(Map.of(
                            "REGISTRATION_RATE_LIMIT_PER_ADDRESS_PER_HOUR", "100000",
                            "REGISTRATION_RATE_LIMIT_PER_USER_ID_PER_HOUR", "100000",
                            "OTP_AUTHENTICATION_PASS1_PER_MINUTE_PER_ADDRESS", "1000000",
                            "OTP_AUTHENTICATION_PASS2_PER_MINUTE_PER_ADDRESS", "1000000"));
            Stats logins;
            try (LocalStack stack = new LocalStack(options).start()) {
                List<StoredIdentity> identities = MpinBench.registerUsers(stack, users);
                MpinBench.loginsPerSecond(stack, identities, threads, Duration.ofSeconds(20));

                List<Double> values = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    values.add(MpinBench.loginsPerSecond(stack, identities, threads, duration));
                }
                logins = Stats.of(values);
            }
            out.println("PIN logins over HTTP (" + threads + " devices): " + logins.format("logins/s"));
            if (record != null) {
                String section = "\n### M-Pin, " + LocalDate.now() + "\n\n"
                        + "Machine: " + Machine.describe() + ". Command: `./zeropin bench mpin --record "
                        + "docs/benchmarks.md` (" + runs + " runs of " + duration.toSeconds() + " s, median and"
                        + " range).\n\n"
                        + "| figure | result |\n|---|---|\n"
                        + "| raw `SERVER_2` pairing checks, 2 threads in one JVM | " + raw.format("checks/s") + " |\n"
                        + "| PIN logins (pass 1 + pass 2 over HTTP, OTP stored), " + threads + " concurrent devices"
                        + " on the same machine | " + logins.format("logins/s") + " |\n";
                try {
                    Files.writeString(
                            record,
                            section,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot write " + record, e);
                }
            }
            return 0;
        }
    }
}
