package dev.zeropin.bench;

import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import dev.zeropin.infra.local.ServiceProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeropin bench all}: every figure of docs/benchmarks.md in one go, side by side with
 * FreeRADIUS on the same machine in the same run, each the median of several runs with its range.
 */
@Command(
        name = "all",
        mixinStandardHelpOptions = true,
        description = "FreeRADIUS and ZeroPIN side by side: RADIUS throughput and latency, M-Pin logins,"
                + " registrations, memory, start-up; optionally recorded in docs/benchmarks.md.")
class AllCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--home", description = "Repository root with the built services. Default: ${DEFAULT-VALUE}")
    Path home = Path.of(".");

    @Option(names = "--runs", description = "Runs per figure (the median is reported). Default: ${DEFAULT-VALUE}")
    int runs = 3;

    @Option(
            names = "--users",
            description = "Distinct users, each with one fresh OTP per ZeroPIN RADIUS run. Default: ${DEFAULT-VALUE}")
    int users = 1000;

    @Option(names = "--freeradius-requests", description = "Requests per FreeRADIUS run. Default: ${DEFAULT-VALUE}")
    int freeRadiusRequests = 100_000;

    @Option(names = "--window", description = "RADIUS requests in flight toward FreeRADIUS. Default: ${DEFAULT-VALUE}")
    int window = 256;

    @Option(
            names = "--zeropin-window",
            description = "RADIUS requests in flight toward ZeroPIN (more only queue up to the gateway's 2 s"
                    + " deadline). Default: ${DEFAULT-VALUE}")
    int zeropinWindow = 64;

    @Option(names = "--rate", description = "Fixed rate for the latency run (req/s). Default: ${DEFAULT-VALUE}")
    double rate = 1000;

    @Option(
            names = "--reject-requests",
            description = "Requests per reject run (unknown users; wrong OTPs). Default: ${DEFAULT-VALUE}")
    int rejectRequests = 20_000;

    @Option(names = "--login-threads", description = "Concurrent devices logging in. Default: ${DEFAULT-VALUE}")
    int loginThreads = 8;

    @Option(names = "--registration-threads", description = "Concurrent registrations. Default: ${DEFAULT-VALUE}")
    int registrationThreads = 4;

    @Option(names = "--warm-up-rounds", description = "Rounds of 2000 unrecorded requests. Default: ${DEFAULT-VALUE}")
    int warmUpRounds = 12;

    @Option(names = "--skip-freeradius", description = "Leave FreeRADIUS out (no ratio)")
    boolean skipFreeRadius;

    @Option(names = "--keep-data", description = "Keep the data folder (database, service logs) afterwards")
    boolean keepData;

    @Option(names = "--record", description = "Append a dated section to this Markdown file (docs/benchmarks.md)")
    Path record;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String load = loadAverage();
        out.println("load average at start: " + load);
        FreeRadiusCommand.Figures freeRadius = null;
        if (!skipFreeRadius) {
            freeRadius = FreeRadiusCommand.measure(home, runs, freeRadiusRequests, window, out);
        }
        Path data = Files.createTempDirectory("zeropin-bench");
        LocalStackOptions options = LocalStackOptions.forTests(
                        home.toAbsolutePath().normalize(), data)
                .withDurable(true)
                .withEnvironment(Map.of(
                        "REGISTRATION_RATE_LIMIT_PER_ADDRESS_PER_HOUR", "10000000",
                        "REGISTRATION_RATE_LIMIT_PER_USER_ID_PER_HOUR", "10000000",
                        "OTP_AUTHENTICATION_PASS1_PER_MINUTE_PER_ADDRESS", "10000000",
                        "OTP_AUTHENTICATION_PASS2_PER_MINUTE_PER_ADDRESS", "10000000"));
        Results zeropin;
        try (LocalStack stack = new LocalStack(options).start()) {
            zeropin = measureZeroPin(stack, out);
        } finally {
            out.println("ZeroPIN data and service logs: " + data + (keepData ? "" : " (deleted)"));
            if (!keepData) {
                deleteTree(data);
            }
        }
        String table = table(freeRadius, zeropin, load, loadAverage());
        out.println(table);
        out.flush();
        if (record != null) {
            Files.writeString(
                    record,
                    table,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        return 0;
    }

    /** The ZeroPIN figures. */
    record Results(
            Map<String, Stats> readySeconds,
            Map<String, Stats> readyAloneSeconds,
            Stats registrations,
            Stats logins,
            Stats pap,
            List<RadiusLoad.Result> papResults,
            Stats retransmit,
            List<RadiusLoad.Result> retransmitResults,
            Stats p50,
            Stats p99,
            Stats p999,
            Map<String, Long> peakRssKb,
            Map<String, Stats> cpuMillisPerAccept,
            Stats unknownRejects,
            Stats wrongOtpRejects,
            Stats p50At200,
            Stats p99At200,
            Stats p999At200,
            Map<String, String> durability) {}

    private Results measureZeroPin(LocalStack stack, PrintWriter out) throws Exception {
        List<ServiceProcess> services = List.of(stack.registration(), stack.otp(), stack.gateway());
        Map<String, List<Double>> ready = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            Map<String, Double> times = ZeroPinBench.restartAndTimeReadiness(services);
            times.forEach((name, seconds) ->
                    ready.computeIfAbsent(name, n -> new ArrayList<>()).add(seconds));
            out.println("start-to-ready run " + (run + 1) + ": " + times);
            out.flush();
        }
        Map<String, List<Double>> readyAlone = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (ServiceProcess service : services) {
                double seconds =
                        ZeroPinBench.restartAndTimeReadiness(List.of(service)).get(service.name());
                readyAlone
                        .computeIfAbsent(service.name(), n -> new ArrayList<>())
                        .add(seconds);
                out.printf(Locale.ROOT, "start-to-ready alone run %d: %s %.2f s%n", run + 1, service.name(), seconds);
                out.flush();
            }
        }
        List<Double> registrationRates = new ArrayList<>();
        List<ZeroPinBench.User> registered = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            int batch = users / runs + (run < users % runs ? 1 : 0);
            ZeroPinBench.Timed<ZeroPinBench.User> timed = ZeroPinBench.registerUsers(stack, batch, registrationThreads);
            registered.addAll(timed.values());
            registrationRates.add(timed.perSecond());
            out.printf(Locale.ROOT, "registrations run %d: %d users, %.1f/s%n", run + 1, batch, timed.perSecond());
            out.flush();
        }
        ZeroPinBench.lengthenOtpLifetime(stack, registered.get(0));

        Map<String, Long> peak = new ConcurrentHashMap<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (ServiceProcess service : services) {
                    long rss = ZeroPinBench.Memory.of(service.pid()).rssKb();
                    peak.merge(service.name(), rss, Math::max);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        List<Double> loginRates = new ArrayList<>();
        List<Double> papRates = new ArrayList<>();
        List<RadiusLoad.Result> papResults = new ArrayList<>();
        List<Double> retransmitRates = new ArrayList<>();
        List<RadiusLoad.Result> retransmitResults = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        List<Double> p50At200 = new ArrayList<>();
        List<Double> p99At200 = new ArrayList<>();
        List<Double> p999At200 = new ArrayList<>();
        // Warm-up (not recorded): logins, then RADIUS requests of users who do not exist (each a
        // rejected verification through the whole path: gateway, HTTP, transaction) for the JIT.
        List<ZeroPinBench.User> warmUsers = registered.subList(0, Math.min(registered.size(), 100));
        ZeroPinBench.mintOtps(stack, warmUsers, loginThreads);
        for (int round = 0; round < warmUpRounds; round++) {
            List<RadiusLoad.Credential> strangers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                strangers.add(new RadiusLoad.Credential("warm-up-" + round + "-" + i + "@example.com", "000000"));
            }
            RadiusLoad.Result warm = RadiusLoad.run(ZeroPinBench.plan(stack, strangers, 64));
            out.println("warm-up " + (round + 1) + " (unknown users, all rejected): " + warm);
            out.flush();
        }
        // Rejects: users who do not exist (no database write), and known users with a live OTP who
        // present a wrong one (each counted as a failure, soon backed off). Users of their own, so
        // that the bench users are never backed off.
        List<Double> unknownRejects = new ArrayList<>();
        List<Double> wrongOtpRejects = new ArrayList<>();
        List<ZeroPinBench.User> guessed =
                ZeroPinBench.registerUsers(stack, 50, registrationThreads).values();
        for (int run = 0; run < runs; run++) {
            List<RadiusLoad.Credential> strangers = new ArrayList<>();
            for (int i = 0; i < rejectRequests; i++) {
                strangers.add(new RadiusLoad.Credential("nobody-" + run + "-" + i + "@example.com", "000000"));
            }
            RadiusLoad.Result unknown = RadiusLoad.run(ZeroPinBench.plan(stack, strangers, zeropinWindow));
            unknownRejects.add(unknown.answeredPerSecond());
            out.println("run " + (run + 1) + ": rejects, unknown users: " + unknown);
            List<RadiusLoad.Credential> wrong = new ArrayList<>();
            for (RadiusLoad.Credential live :
                    ZeroPinBench.mintOtps(stack, guessed, loginThreads).values()) {
                String otp = live.password();
                String other =
                        otp.charAt(0) == '9' ? "0" + otp.substring(1) : (char) (otp.charAt(0) + 1) + otp.substring(1);
                wrong.add(new RadiusLoad.Credential(live.userName(), other));
            }
            List<RadiusLoad.Credential> guesses = new ArrayList<>();
            for (int i = 0; i < rejectRequests; i++) {
                guesses.add(wrong.get(i % wrong.size()));
            }
            RadiusLoad.Result wrongOtp = RadiusLoad.run(ZeroPinBench.plan(stack, guesses, zeropinWindow));
            wrongOtpRejects.add(wrongOtp.answeredPerSecond());
            out.println("run " + (run + 1) + ": rejects, wrong OTPs of " + wrong.size() + " users: " + wrongOtp);
            out.flush();
        }
        // CPU of each process during a PAP run and the 3 s after it (events still being consumed).
        Map<String, Long> processes = new LinkedHashMap<>();
        services.forEach(service -> processes.put(service.name(), service.pid()));
        processes.put(
                "PostgreSQL (all backends)",
                ZeroPinBench.postgresPid(stack.options().dataDirectory()));
        processes.put(
                "bench JVM (Kafka, SMTP, load generator)",
                ProcessHandle.current().pid());
        Map<String, List<Double>> cpuPerAccept = new LinkedHashMap<>();
        try {
            for (int run = 0; run < runs; run++) {
                ZeroPinBench.Timed<RadiusLoad.Credential> minted =
                        ZeroPinBench.mintOtps(stack, registered, loginThreads);
                loginRates.add(minted.perSecond());
                Map<String, Double> cpuBefore = new LinkedHashMap<>();
                processes.forEach((name, pid) -> cpuBefore.put(name, ZeroPinBench.cpuSeconds(pid)));
                RadiusLoad.Result pap = RadiusLoad.run(ZeroPinBench.plan(stack, minted.values(), zeropinWindow));
                ZeroPinBench.sleep(3_000);
                processes.forEach((name, pid) -> cpuPerAccept
                        .computeIfAbsent(name, n -> new ArrayList<>())
                        .add((ZeroPinBench.cpuSeconds(pid) - cpuBefore.get(name))
                                * 1000
                                / Math.max(1, pap.accepted())));
                papResults.add(pap);
                papRates.add(pap.acceptedPerSecond());
                out.printf(Locale.ROOT, "run %d: logins %.1f/s; PAP %s%n", run + 1, minted.perSecond(), pap);
                out.flush();

                minted = ZeroPinBench.mintOtps(stack, registered, loginThreads);
                loginRates.add(minted.perSecond());
                RadiusLoad.Result retransmit = RadiusLoad.run(
                        ZeroPinBench.plan(stack, minted.values(), zeropinWindow).withRetransmissions(0.1));
                retransmitResults.add(retransmit);
                retransmitRates.add(retransmit.acceptedPerSecond());
                out.printf(
                        Locale.ROOT,
                        "run %d: logins %.1f/s; PAP + 10%% retransmissions %s%n",
                        run + 1,
                        minted.perSecond(),
                        retransmit);
                out.flush();

                minted = ZeroPinBench.mintOtps(stack, registered, loginThreads);
                loginRates.add(minted.perSecond());
                RadiusLoad.Result fixed = RadiusLoad.run(
                        ZeroPinBench.plan(stack, minted.values(), zeropinWindow).withRate(rate));
                p50.add(fixed.percentileMillis(50));
                p99.add(fixed.percentileMillis(99));
                p999.add(fixed.percentileMillis(99.9));
                out.printf(
                        Locale.ROOT,
                        "run %d: logins %.1f/s; PAP at %.0f/s %s%n",
                        run + 1,
                        minted.perSecond(),
                        rate,
                        fixed);
                out.flush();

                minted = ZeroPinBench.mintOtps(stack, registered, loginThreads);
                RadiusLoad.Result slow = RadiusLoad.run(
                        ZeroPinBench.plan(stack, minted.values(), zeropinWindow).withRate(200));
                p50At200.add(slow.percentileMillis(50));
                p99At200.add(slow.percentileMillis(99));
                p999At200.add(slow.percentileMillis(99.9));
                out.printf(Locale.ROOT, "run %d: PAP at 200/s %s%n", run + 1, slow);
                out.flush();
            }
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        for (ServiceProcess service : services) {
            peak.merge(service.name(), ZeroPinBench.Memory.of(service.pid()).peakKb(), Math::max);
        }
        return new Results(
                statsOf(ready),
                statsOf(readyAlone),
                Stats.of(registrationRates),
                Stats.of(loginRates),
                Stats.of(papRates),
                papResults,
                Stats.of(retransmitRates),
                retransmitResults,
                Stats.of(p50),
                Stats.of(p99),
                Stats.of(p999),
                new LinkedHashMap<>(peak),
                statsOf(cpuPerAccept),
                Stats.of(unknownRejects),
                Stats.of(wrongOtpRejects),
                Stats.of(p50At200),
                Stats.of(p99At200),
                Stats.of(p999At200),
                stack.postgres().durabilitySettings());
    }

    private static Map<String, Stats> statsOf(Map<String, List<Double>> values) {
        Map<String, Stats> stats = new LinkedHashMap<>();
        values.forEach((name, list) -> stats.put(name, Stats.of(list)));
        return stats;
    }

    private static void appendReadiness(StringBuilder s, Map<String, Stats> seconds, String how) {
        seconds.forEach((name, stats) -> s.append("| ")
                .append(name)
                .append(" start-to-ready (")
                .append(how)
                .append(") | ")
                .append(String.format(
                        Locale.ROOT,
                        "%.2f s (%.2f–%.2f, %d runs; target < 3) |\n",
                        stats.median(),
                        stats.min(),
                        stats.max(),
                        stats.runs())));
    }

    private String table(FreeRadiusCommand.Figures freeRadius, Results z, String loadBefore, String loadAfter) {
        StringBuilder s = new StringBuilder();
        s.append("\n### FreeRADIUS and ZeroPIN side by side, ")
                .append(LocalDate.now())
                .append("\n\nMachine: ")
                .append(Machine.describe())
                .append(". Load average (1, 5, 15 min) before: ")
                .append(loadBefore)
                .append("; after: ")
                .append(loadAfter)
                .append(". Command: `./zeropin bench all --runs ")
                .append(runs)
                .append(" --users ")
                .append(users)
                .append(record == null ? "" : " --record " + record)
                .append("`; medians of ")
                .append(runs)
                .append(" runs with the range. ZeroPIN: PostgreSQL as it reports itself (`SHOW`): ")
                .append(z.durability().entrySet().stream()
                        .map(e -> "`" + e.getKey() + "` = " + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", ")))
                .append("; each RADIUS request a distinct user's fresh OTP minted by a PIN login; ")
                .append(users)
                .append(" requests per ZeroPIN run, ")
                .append(zeropinWindow)
                .append(" in flight (FreeRADIUS: ")
                .append(window)
                .append(").\n\n| figure | result |\n|---|---|\n");
        if (freeRadius != null) {
            s.append("| FreeRADIUS 3.2, 1000 static PAP users, `radclient` (script, best parallelism) | ")
                    .append(Math.round(freeRadius.radclient()))
                    .append(" auth/s |\n| FreeRADIUS, same server, this load generator (")
                    .append(freeRadiusRequests)
                    .append(" requests/run) | ")
                    .append(freeRadius.generator().format("auth/s"))
                    .append(" |\n");
        }
        s.append(
                        "| ZeroPIN PAP, one fresh OTP of a distinct user per request (each Accept consumes it in PostgreSQL) | ")
                .append(z.pap().format("accepts/s"))
                .append(" |\n");
        if (freeRadius != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "| ratio ZeroPIN / FreeRADIUS (load generator medians) | %.3f (target ≥ 0.5) |\n",
                    z.pap().median() / freeRadius.generator().median()));
        }
        s.append("| ZeroPIN PAP with 10 % retransmissions (answered from the duplicate cache) | ")
                .append(z.retransmit().format("accepts/s"))
                .append(" |\n");
        s.append(String.format(
                Locale.ROOT,
                "| ZeroPIN at a fixed %.0f requests/s: p50 / p99 / p99.9 | %.2f / %.2f / %.2f ms (p99 range %.2f–%.2f;"
                        + " target p99 < 10 ms) |\n",
                rate,
                z.p50().median(),
                z.p99().median(),
                z.p999().median(),
                z.p99().min(),
                z.p99().max()));
        s.append(String.format(
                Locale.ROOT,
                "| ZeroPIN at a fixed 200 requests/s: p50 / p99 / p99.9 | %.2f / %.2f / %.2f ms (p99 range %.2f–%.2f;"
                        + " target p99 < 5 ms) |\n",
                z.p50At200().median(),
                z.p99At200().median(),
                z.p999At200().median(),
                z.p99At200().min(),
                z.p99At200().max()));
        s.append("| ZeroPIN Rejects, unknown users (")
                .append(rejectRequests)
                .append(" requests/run) | ")
                .append(z.unknownRejects().format("answers/s"))
                .append(" (target ≥ 10000) |\n");
        s.append("| ZeroPIN Rejects, wrong OTPs of 50 users with a live OTP (")
                .append(rejectRequests)
                .append(" requests/run; the users are soon backed off) | ")
                .append(z.wrongOtpRejects().format("answers/s"))
                .append(" (target ≥ 10000) |\n");
        s.append("| M-Pin logins (pass 1 + pass 2 over HTTP, OTP stored), ")
                .append(loginThreads)
                .append(" devices | ")
                .append(z.logins().format("logins/s"))
                .append(" (target ≥ 100) |\n");
        s.append("| registrations (e-mail code, identity issued, PIN extracted), ")
                .append(registrationThreads)
                .append(" at a time | ")
                .append(z.registrations().format("registrations/s"))
                .append(" |\n");
        z.peakRssKb()
                .forEach((name, kb) -> s.append("| ")
                        .append(name)
                        .append(" peak RSS under load | ")
                        .append(Math.round(kb / 1024.0))
                        .append(" MB (target < 200) |\n"));
        z.cpuMillisPerAccept()
                .forEach((name, stats) -> s.append("| CPU per accepted PAP request: ")
                        .append(name)
                        .append(" | ")
                        .append(stats.format("ms", 2))
                        .append(" |\n"));
        if (freeRadius != null) {
            s.append("| FreeRADIUS peak RSS | ")
                    .append(Math.round(freeRadius.serverPeakRssKb() / 1024.0))
                    .append(" MB |\n");
        }
        appendReadiness(s, z.readySeconds(), "the three started together");
        appendReadiness(s, z.readyAloneSeconds(), "alone, the other two running");
        long lost = z.papResults().stream().mapToLong(RadiusLoad.Result::lost).sum();
        long rejected =
                z.papResults().stream().mapToLong(RadiusLoad.Result::rejected).sum();
        long differed = z.retransmitResults().stream()
                .mapToLong(RadiusLoad.Result::retransmitDiffered)
                .sum();
        s.append("\nZeroPIN PAP runs: ")
                .append(rejected)
                .append(" rejected, ")
                .append(lost)
                .append(" lost in all; retransmissions answered differently from the original: ")
                .append(differed)
                .append(String.format(
                        Locale.ROOT,
                        "; each PAP run lasted %.1f–%.1f s. Failed attempts (retried or skipped, never aborting"
                                + " the run): %d registrations, %d PIN logins.\n",
                        z.papResults().stream()
                                .mapToDouble(RadiusLoad.Result::seconds)
                                .min()
                                .orElse(0),
                        z.papResults().stream()
                                .mapToDouble(RadiusLoad.Result::seconds)
                                .max()
                                .orElse(0),
                        ZeroPinBench.FAILED_REGISTRATIONS.get(),
                        ZeroPinBench.FAILED_LOGINS.get()));
        return s.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
