package dev.zeropin.cli;

import dev.zeropin.infra.keys.KeyRing;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeropin keys}: creates the key files of an installation (never overwrites one); its
 * sub-commands rotate the NAS secret key (docs/operations.md).
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Generate the missing key files of a ZeroPIN installation into a folder.",
        subcommands = {NasKeyCommands.Rotate.class, NasKeyCommands.Reseal.class, NasKeyCommands.Retire.class})
public class KeysCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", description = "Folder for the key files (created if missing)")
    Path out;

    @Override
    public Integer call() {
        if (out == null) {
            spec.commandLine().getErr().println("Missing --out <folder> (or a sub-command; see --help).");
            return 2;
        }
        KeyRing ring = KeyRing.createMissing(out);
        PrintWriter writer = spec.commandLine().getOut();
        writer.println("Key files in " + ring.directory().toAbsolutePath() + ":");
        try (Stream<Path> files = Files.list(ring.directory())) {
            files.sorted().forEach(file -> writer.println("  " + file.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.println("Mount each file only into the service that needs it (see docs/operations.md).");
        return 0;
    }
}
