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

/** {@code zeropin keys}: creates the key files of an installation (never overwrites one). */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Generate the missing key files of a ZeroPIN installation into a folder.")
public class KeysCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder for the key files (created if missing)")
    Path out;

    @Override
    public Integer call() {
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
