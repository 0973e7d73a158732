package dev.zeropin.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeropin bench freeradius}: validates the load generator against FreeRADIUS in one run:
 * radclient's figure from {@code bench/freeradius-bench.sh}, then ours against the same server.
 */
@Command(
        name = "freeradius",
        mixinStandardHelpOptions = true,
        description = "FreeRADIUS static PAP: radclient's figure, then this load generator's, same run.")
class FreeRadiusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--home", description = "Repository root. Default: ${DEFAULT-VALUE}")
    Path home = Path.of(".");

    @Option(names = "--runs", description = "Runs per figure (the median is reported). Default: ${DEFAULT-VALUE}")
    int runs = 3;

    @Option(names = "--requests", description = "Requests per run. Default: ${DEFAULT-VALUE}")
    int requests = 100_000;

    @Option(names = "--window", description = "Requests in flight. Default: ${DEFAULT-VALUE}")
    int window = 256;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Figures figures = measure(home, runs, requests, window, out);
        out.println("radclient: " + Math.round(figures.radclient()) + " auth/s");
        out.println("load generator: " + figures.generator().format("auth/s"));
        return figures.generator().median() >= figures.radclient() ? 0 : 1;
    }

    record Figures(double radclient, Stats generator, long serverPeakRssKb) {}

    static Figures measure(Path home, int runs, int requests, int window, PrintWriter out) {
        if (!FreeRadius.installed()) {
            throw new IllegalStateException(
                    "FreeRADIUS and radclient are needed: apt-get install freeradius freeradius-utils"
                            + " (or leave FreeRADIUS out with --skip-freeradius)");
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "freeradius-bench");
        Path script = home.toAbsolutePath().resolve("bench/freeradius-bench.sh");
        Path log = base.resolveSibling("freeradius-bench-radclient.log");
        base.toFile().mkdirs();
        List<Double> ours = new ArrayList<>();
        long peak;
        // radclient's figure as the script computes it: the median of its runs at its best parallelism.
        double radclient = FreeRadius.radclientPerSecond(script, base, runs, log);
        out.println("FreeRADIUS: radclient " + Math.round(radclient) + " auth/s (median of " + runs + " runs, " + log
                + ")");
        out.flush();
        try (FreeRadius server = FreeRadius.start(base)) {
            List<RadiusLoad.Credential> users = FreeRadius.users();
            RadiusLoad.run(server.plan(users, 20_000, window)); // warm-up
            for (int run = 0; run < runs; run++) {
                RadiusLoad.Result result = RadiusLoad.run(server.plan(users, requests, window));
                if (result.rejected() > 0 || result.invalid() > 0 || result.lost() > result.sent() / 100) {
                    throw new IllegalStateException("FreeRADIUS rejected or lost requests: " + result);
                }
                ours.add(result.acceptedPerSecond());
                out.println("FreeRADIUS run " + (run + 1) + ": load generator " + result);
                out.flush();
            }
            peak = ZeroPinBench.Memory.of(server.pid()).peakKb();
        }
        return new Figures(radclient, Stats.of(ours), peak);
    }
}
