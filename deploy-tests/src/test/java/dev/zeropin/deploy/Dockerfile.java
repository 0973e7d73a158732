package dev.zeropin.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The instructions of a Dockerfile: comments dropped, continuation lines joined. */
record Dockerfile(Path file, List<String> instructions) {

    static Dockerfile read(Path file) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("#") || trimmed.isEmpty() && current.length() == 0) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                } else {
                    instructions.add(current.append(trimmed).toString().trim());
                    current.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Dockerfile(file, List.copyOf(instructions));
    }

    /** The arguments of every instruction with this keyword, in order. */
    List<String> all(String keyword) {
        return instructions.stream()
                .filter(instruction -> instruction.startsWith(keyword + " "))
                .map(instruction -> instruction.substring(keyword.length() + 1).trim())
                .toList();
    }

    /** The arguments of the last instruction with this keyword (the one that counts for USER). */
    String last(String keyword) {
        List<String> all = all(keyword);
        if (all.isEmpty()) {
            throw new AssertionError(file + " has no " + keyword);
        }
        return all.get(all.size() - 1);
    }
}
