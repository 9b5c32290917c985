package dev.paddock.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * casync's directory store: {@code <store>/<first 4 hex>/<64 hex>.cacnk} for compressed chunks, the
 * bare hex name for uncompressed ones. Writes go to a hidden temporary file in the same directory and
 * are renamed into place, so concurrent writers (threads or processes) never expose a partial chunk;
 * two writers of the same chunk write identical bytes, so the last rename winning is harmless.
 */
public final class LocalChunkStore implements ChunkStore {
    public static final String SUFFIX = ".cacnk";
    /** A chunk file's name in casync's layout, the one every directory-shaped store (local, SFTP) uses. */
    public static final Pattern CHUNK_FILE = Pattern.compile("[0-9a-f]{64}(\\.cacnk)?");
    /** The name of a prefix directory holding chunk files: the first 4 hex digits of their ids. */
    public static final Pattern PREFIX_DIR = Pattern.compile("[0-9a-f]{4}");
    private static final java.nio.file.attribute.FileAttribute<?> READ_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--"));

    private final Path root;
    private final ChunkVerifier verifier;
    /** The prefix directories (by their 16-bit value) known to exist. */
    private final PrefixSet knownPrefixes = new PrefixSet();

    public LocalChunkStore(Path root, ChunkDigest digest) {
        this.root = root;
        this.verifier = new ChunkVerifier(digest);
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    public Path pathOf(ChunkId id, boolean compressed) {
        String hex = id.hex();
        return root.resolve(hex.substring(0, 4)).resolve(compressed ? hex + SUFFIX : hex);
    }

    @Override
    public boolean has(ChunkId id) {
        return Files.exists(pathOf(id, true)) || Files.exists(pathOf(id, false));
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        boolean compressed = true;
        Path p = pathOf(id, true);
        byte[] stored;
        try {
            stored = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            compressed = false;
            p = pathOf(id, false);
            try {
                stored = Files.readAllBytes(p);
            } catch (NoSuchFileException e2) {
                throw new MissingChunkException(id, location());
            }
        }
        return verifier.verify(id, stored, compressed, expectedSize, p.toString());
    }

    @Override
    public boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException {
        return put(id, ByteBuffer.wrap(stored), compression);
    }

    /** Writes straight from a direct buffer; a heap one is staged through the JDK's native buffer. */
    @Override
    public boolean put(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        if (has(id)) {
            return false;
        }
        Path target = pathOf(id, compression != Compression.NONE);
        Path dir = target.getParent();
        Path tmp = dir.resolve(".#" + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel ch = createTemp(tmp, prefixOf(id))) {
                while (stored.hasRemaining()) {
                    ch.write(stored);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("store " + location() + " cannot rename atomically", e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return true;
    }

    /**
     * Creates the temporary file, making its prefix directory when it is missing (as casync does). A
     * prefix this store made or found once is not looked for again, so a fresh store costs one mkdir
     * per prefix rather than a failed create and an exception first; should one vanish meanwhile (gc
     * removing it), the create fails and the directory is made again.
     */
    private FileChannel createTemp(Path tmp, int prefix) throws IOException {
        var options = java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (!knownPrefixes.get(prefix)) {
            Files.createDirectories(tmp.getParent());
            knownPrefixes.set(prefix);
        }
        try {
            return FileChannel.open(tmp, options, READ_ONLY);
        } catch (NoSuchFileException e) {
            Files.createDirectories(tmp.getParent());
            return FileChannel.open(tmp, options, READ_ONLY);
        }
    }

    private static int prefixOf(ChunkId id) {
        byte[] b = id.bytes();
        return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        long freed = -1;
        for (boolean compressed : new boolean[] {true, false}) {
            Path p = pathOf(id, compressed);
            long size;
            try {
                size = Files.size(p);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (Files.deleteIfExists(p)) {
                freed = Math.max(freed, 0) + size;
            }
        }
        return freed;
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        long total = -1;
        for (boolean compressed : new boolean[] {true, false}) {
            try {
                total = Math.max(total, 0) + Files.size(pathOf(id, compressed));
            } catch (NoSuchFileException e) {
                // not stored under this name
            }
        }
        return total;
    }

    @Override
    public TempSweep sweepTemporaries(Instant cutoff, boolean dryRun) throws IOException {
        TempSweep found = TempSweep.NONE;
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root, p -> PREFIX_DIR.matcher(p.getFileName().toString()).matches())) {
            for (Path dir : prefixes) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> TempSweep.isTemporary(p.getFileName().toString()))) {
                    for (Path f : files) {
                        BasicFileAttributes a;
                        try {
                            a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        } catch (NoSuchFileException e) {
                            continue; // its writer finished (renamed it) or gave up meanwhile
                        }
                        if (!a.isRegularFile() || !a.lastModifiedTime().toInstant().isBefore(cutoff)) {
                            continue;
                        }
                        if (dryRun || Files.deleteIfExists(f)) {
                            found = found.plusFile(a.size());
                        }
                    }
                }
            }
        }
        return found;
    }

    @Override
    public Stream<ChunkId> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return Stream.empty();
        }
        return Files.walk(root, 2)
                .filter(p -> p.getNameCount() == root.getNameCount() + 2)
                .map(p -> p.getFileName().toString())
                .filter(n -> CHUNK_FILE.matcher(n).matches())
                .map(n -> ChunkId.parse(n.substring(0, 64)))
                .distinct();
    }
}
