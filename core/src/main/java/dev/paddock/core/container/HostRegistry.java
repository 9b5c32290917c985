package dev.paddock.core.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The host's paddock state under one root (default {@code /var/lib/paddock}): reservations, shared
 * images and containers. Every change happens under an exclusive lock on {@code ROOT/lock} and every
 * record is replaced by write-to-temporary, fsync and rename, so concurrent shells never see or make a
 * half-written record.
 */
public final class HostRegistry {
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/paddock");

    private final Path root;

    public HostRegistry(Path root) {
        this.root = root;
    }

    /** {@code PADDOCK_ROOT} if set, else the default root. */
    public static Path rootFromEnvironment(Map<String, String> env) {
        String r = env.get("PADDOCK_ROOT");
        return r == null || r.isBlank() ? DEFAULT_ROOT : Path.of(r);
    }

    public Path root() { return root; }
    public Path reservationsDir() { return root.resolve("reservations"); }
    public Path imagesDir() { return root.resolve("images"); }
    public Path containersDir() { return root.resolve("containers"); }
    /** The host's veth subnet, fixed at the first veth container so that addresses stay stable. */
    public Path networkFile() { return root.resolve("network.conf"); }

    /**
     * The subnet veth addresses come from: the one recorded in the registry, else {@code fallback}
     * (which {@link #recordSubnet} then fixes for good).
     */
    public String subnet(String fallback) throws IOException {
        Path f = networkFile();
        if (!Files.exists(f)) {
            return fallback;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.startsWith("subnet=")) {
                return line.substring("subnet=".length()).strip();
            }
        }
        throw new IOException(f + ": no subnet= line");
    }

    /** Records {@code subnet} unless the registry has one already; returns the one in force. */
    public String recordSubnet(String subnet) throws IOException {
        return locked(() -> {
            if (Files.exists(networkFile())) {
                return subnet(subnet);
            }
            writeAtomically(networkFile(), "# paddock: veth addresses come from here, one /30 per container\nsubnet="
                    + subnet + "\n");
            return subnet;
        });
    }

    /** Work done while holding the registry lock. */
    @FunctionalInterface
    public interface Locked<T> {
        T run() throws IOException;
    }

    public <T> T locked(Locked<T> work) throws IOException {
        Files.createDirectories(root);
        try (FileChannel ch = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = acquire(ch);
            try {
                return work.run();
            } finally {
                lock.release();
            }
        }
    }

    private static FileLock acquire(FileChannel ch) throws IOException {
        // FileChannel.lock is per process: another thread of this JVM holding it shows up as
        // OverlappingFileLockException rather than blocking, so wait for it here.
        while (true) {
            try {
                return ch.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for the registry lock", ie);
                }
            }
        }
    }

    /** Replaces {@code target} with {@code text} atomically and durably. */
    public static void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(text));
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
