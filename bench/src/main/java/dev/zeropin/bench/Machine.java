package dev.zeropin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine a benchmark ran on. */
final class Machine {

    private Machine() {}

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .orElse(cpu);
        } catch (IOException e) {
            cpu = "unknown CPU (" + e.getMessage() + ")";
        }
        long memoryGiB = Math.round(((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize()
                / (1024.0 * 1024 * 1024));
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memoryGiB + " GiB, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version");
    }
}
