package dev.zeropin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code zeropin} command: local mode and operator tools. */
@Command(
        name = "zeropin",
        mixinStandardHelpOptions = true,
        version = "ZeroPIN 0.1.0",
        description = "Self-hosted one-time passwords for VPN logins with zero-knowledge PINs.",
        subcommands = {LocalCommand.class, KeysCommand.class, AdminTokenCommand.class, AdminBootstrapCommand.class})
public class ZeroPinCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ZeroPinCommand()).execute(args));
    }
}
