package dev.zeropin.cli;

import dev.zeropin.infra.local.ConsoleBootstrap;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import dev.zeropin.infra.local.ServiceProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeropin local}: the whole product on this machine until Ctrl-C. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "Start PostgreSQL, Kafka, SMTP and the three services on this machine, with a demo project.")
public class LocalCommand implements Callable<Integer> {

    /** The User ID the printed radclient command uses; register it on the OTP link. */
    public static final String DEMO_USER = "demo@example.com";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", description = "Data folder (kept across restarts). Default: ${DEFAULT-VALUE}")
    Path data = Path.of(".zeropin");

    @Option(names = "--home", description = "Repository root with the built services. Default: ${DEFAULT-VALUE}")
    Path home = Path.of(".");

    @Option(names = "--http-port", description = "registration-service port; otp-service +1, gateway +2")
    int httpPort = 8080;

    @Option(names = "--radius-port", description = "RADIUS authentication port; accounting +1")
    int radiusPort = 1812;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile LocalStack stack;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        LocalStackOptions options = LocalStackOptions.localMode(
                        home.toAbsolutePath().normalize(), data.toAbsolutePath())
                .withPorts(httpPort, httpPort + 1, httpPort + 2, radiusPort, radiusPort + 1);
        stack = new LocalStack(options);
        Thread hook = new Thread(this::stop, "zeropin-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Starting ZeroPIN (data in " + options.dataDirectory() + ") ...");
        out.flush();
        try {
            stack.start();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("ZeroPIN did not start: " + e.getMessage());
            stop();
            return 1;
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        out.println();
        out.println("OTP link: " + stack.otpLink());
        out.println("RADIUS: " + stack.radclientCommand(DEMO_USER));
        out.println("RadSec: " + stack.radsecDescription());
        out.println("Mailbox: " + stack.mailbox());
        out.println("Console: " + consoleLine());
        out.println();
        out.println("Ready in " + seconds + " s. Register " + DEMO_USER + " on the OTP link (the code arrives in the "
                + "mailbox), then use the OTP in the RADIUS command. Logs: "
                + options.dataDirectory().resolve("logs"));
        out.println("Ctrl-C stops everything.");
        out.flush();
        ready.countDown();
        watch(out);
        return 0;
    }

    /**
     * The console's address; until there is a global administrator, a one-time bootstrap link
     * that makes the first one (register an identity in this browser first).
     */
    private String consoleLine() {
        try {
            ConsoleBootstrap.Link link = stack.consoleBootstrapLink();
            return link.globalAdministrators() == 0
                    ? link.link() + "  (one-time link for the first administrator; register an identity first)"
                    : stack.registration().baseUrl().resolve("/admin") + "  (new admins: ./zeropin admin-bootstrap)";
        } catch (RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private void watch(PrintWriter out) throws InterruptedException {
        List<ServiceProcess> services = List.of(stack.registration(), stack.otp(), stack.gateway());
        while (!stopped.await(5, TimeUnit.SECONDS)) {
            for (ServiceProcess service : services) {
                if (!service.isAlive()) {
                    out.println(service.name() + " stopped unexpectedly; see " + service.logFile());
                    out.flush();
                    stop();
                    return;
                }
            }
        }
    }

    /** Stops everything; called by Ctrl-C (shutdown hook) or by tests. */
    public void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        LocalStack running = stack;
        if (running != null) {
            running.close();
        }
        stopped.countDown();
    }

    /** Waits until the three lines were printed; for tests. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
