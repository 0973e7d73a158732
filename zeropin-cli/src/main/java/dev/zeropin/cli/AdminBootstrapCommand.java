package dev.zeropin.cli;

import dev.zeropin.infra.local.ConsoleBootstrap;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code zeropin admin-bootstrap}: a one-time link that makes whoever opens it (and proves the PIN
 * of one of their ZeroPIN identities) a global administrator of the console. For the first
 * administrator of a new installation, and to recover when every administrator is gone.
 */
@Command(
        name = "admin-bootstrap",
        mixinStandardHelpOptions = true,
        description = "Print a one-time link that makes its user a global console administrator (a secret: hand it"
                + " over as you would a password).")
public class AdminBootstrapCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AdminApiOptions api;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ConsoleBootstrap.Link link = ConsoleBootstrap.create(api.url, api.adminToken());
            out.println(link.link());
            out.println("Valid until " + link.expiresAt() + ", once. Open it in the browser that holds your ZeroPIN"
                    + " identity and enter its PIN. Global administrators now: " + link.globalAdministrators() + ".");
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("No bootstrap link: " + e.getMessage());
            return 1;
        }
    }
}
