package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The mount table of this process's mount namespace, read from {@code /proc/self/mountinfo}. */
public record MountInfo(List<MountInfoEntry> entries) {
    public static final Path SELF = Path.of("/proc/self/mountinfo");

    public static MountInfo read() throws IOException {
        return parse(new String(Files.readAllBytes(SELF), StandardCharsets.UTF_8));
    }

    public static MountInfo parse(String text) {
        return new MountInfo(text.lines().filter(l -> !l.isBlank()).map(MountInfoEntry::parse).toList());
    }

    /** The mount visible at {@code path} (the last one stacked there), if any. */
    public Optional<MountInfoEntry> at(Path path) {
        String p = path.toString();
        MountInfoEntry top = null;
        for (MountInfoEntry e : entries) {
            if (e.mountPoint().equals(p)) {
                top = e;
            }
        }
        return Optional.ofNullable(top);
    }

    /** Mounts at or below {@code dir}, deepest first: the order to unmount them in. */
    public List<MountInfoEntry> under(Path dir) {
        String prefix = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
        return entries.stream()
                .filter(e -> e.mountPoint().equals(dir.toString()) || e.mountPoint().startsWith(prefix))
                .sorted(Comparator.comparingInt((MountInfoEntry e) -> e.mountPoint().length())
                        .thenComparingInt(MountInfoEntry::id).reversed())
                .toList();
    }
}
