package dev.paddock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.paddock.sys.Mounts;

/**
 * A scratch directory for tests that mount. After each test, whatever is still mounted under it is
 * detached (MNT_DETACH, deepest first) before the directory is deleted, so a failing test never leaves
 * a mount behind. Register with {@code @RegisterExtension MountSandbox sandbox = new MountSandbox();}.
 */
public final class MountSandbox implements BeforeEachCallback, AfterEachCallback {
    private Path dir;

    public Path dir() {
        return dir;
    }

    public Path path(String name) {
        return dir.resolve(name);
    }

    /** A fresh directory under the sandbox. */
    public Path mkdir(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "paddock-mnt-");
        // Searchable by everyone: tests run processes as shifted (unprivileged) ids inside the mounts.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (dir == null) {
            return;
        }
        detachAllUnder(dir);
        deleteTree(dir);
    }

    /** Mount points at or under {@code root} from /proc/self/mountinfo, deepest and newest first. */
    public static List<String> mountsUnder(Path root) throws IOException {
        String prefix = root.toString() + "/";
        List<String[]> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            String mp = f[4].replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
            if (mp.equals(root.toString()) || mp.startsWith(prefix)) {
                found.add(new String[] {f[0], mp});
            }
        }
        found.sort(Comparator.<String[]>comparingInt(a -> a[1].length()).thenComparingInt(a -> Integer.parseInt(a[0])).reversed());
        return found.stream().map(a -> a[1]).toList();
    }

    public static void detachAllUnder(Path root) throws IOException {
        for (int round = 0; round < 16; round++) {
            List<String> mps = mountsUnder(root);
            if (mps.isEmpty()) {
                return;
            }
            for (String mp : mps) {
                try {
                    Mounts.get().umount2(mp, Mounts.MNT_DETACH);
                } catch (IOException e) {
                    // Already gone with its parent; the next round re-reads the table.
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
