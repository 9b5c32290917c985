package dev.paddock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary directory removed with {@code rm -rf} on close. JUnit's @TempDir cannot delete trees
 * deeper than PATH_MAX (it deletes by full path); rm walks by descriptor. Stays on one filesystem so a
 * test that left a mount behind cannot make it delete the mounted tree.
 */
public final class Scratch implements AutoCloseable {
    private final Path dir;

    private Scratch(Path dir) {
        this.dir = dir;
    }

    public static Scratch create(String prefix) throws IOException {
        return new Scratch(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** A new empty subdirectory. */
    public Path mkdir(String name) throws IOException {
        return Files.createDirectory(dir.resolve(name));
    }

    @Override
    public void close() {
        Run.cmd("rm", "-rf", "--one-file-system", dir.toString());
    }
}
