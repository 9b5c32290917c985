package dev.paddock.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the ranges delegated in /etc/subuid and /etc/subgid ({@code owner:start:count} lines). */
final class SubordinateIds {
    record Range(long start, long count, String source) {}

    private SubordinateIds() {}

    static List<Range> read(List<Path> files) throws IOException {
        List<Range> out = new ArrayList<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue;
            }
            for (String line : lines) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split(":");
                if (f.length != 3) {
                    continue; // shadow-utils ignores malformed lines too
                }
                try {
                    out.add(new Range(Long.parseLong(f[1]), Long.parseLong(f[2]), file + ": " + f[0]));
                } catch (NumberFormatException e) {
                    // not a range; skip as shadow-utils does
                }
            }
        }
        return out;
    }
}
