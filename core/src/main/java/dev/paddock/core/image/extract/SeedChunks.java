package dev.paddock.core.image.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.paddock.core.image.catar.ExtractListener;
import dev.paddock.core.image.catar.FeatureFlags;
import dev.paddock.core.image.catar.IdNames;
import dev.paddock.core.image.catar.TreeEncoder;
import dev.paddock.core.image.chunker.Chunker;
import dev.paddock.core.image.chunker.CuttingStream;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexEntry;
import dev.paddock.core.image.make.HandoffStream;
import dev.paddock.core.image.make.SinkChannel;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.core.store.MissingChunkException;
import dev.paddock.core.store.CorruptChunkException;

/**
 * The chunks an image needs that its seeds hold, found by serialising each seed as casync does (a
 * directory as a catar with the image's feature flags, a file or block device as its bytes) and cutting
 * that stream with the image's chunk sizes.
 *
 * <p>Memory stays bounded by the index: only wanted ids are recorded. A file seed's chunk is recorded as
 * a region and re-read when used; a directory's encoding cannot be re-read at an offset, so its wanted
 * chunks are copied into a temporary local store beside the destination, removed by {@link #close()}.
 * The scan reads on the calling thread and cuts and hashes on a second one (the maps below are written
 * there only, and read once it has stopped). Every seed chunk is hashed again when it is used, so a
 * seed that changed since the scan (or a device seed that the extract itself overwrote) yields null
 * there and the caller reads the store instead.
 */
public final class SeedChunks implements AutoCloseable {
    private record Region(int seed, long offset, int length) {}

    private static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFBLK = 0060000;

    private final List<Path> files = new ArrayList<>();
    private final List<FileChannel> channels = new ArrayList<>();
    /** Filled by the scan, then only read (by the fetch threads). */
    private final Map<ChunkId, Region> regions = new HashMap<>();
    private final Set<ChunkId> stored = new HashSet<>();
    private final ChunkDigest digest;
    private final ThreadLocal<ChunkDigest.Hasher> hashers;
    private final Path tempBeside;
    private Path tempDir;
    private LocalChunkStore temp;
    private long seedBytesScanned;

    private SeedChunks(ChunkDigest digest, Path tempBeside) {
        this.digest = digest;
        this.hashers = ThreadLocal.withInitial(digest::newHasher);
        this.tempBeside = tempBeside;
    }

    /** Thrown through the encoder once every wanted chunk has been found, to stop scanning early. */
    private static final class AllFound extends IOException {
        AllFound() {
            super("all wanted chunks found", null);
        }
    }

    /**
     * Scans {@code seeds} for the chunks of {@code index} that {@code skip} does not exclude (e.g. those
     * already in the cache). A seed that fails midway keeps what was found before and is reported to
     * {@code warnings}; a seed that does not exist fails the scan.
     *
     * @param tempBeside the path beside which the temporary store for directory seeds is made
     */
    public static SeedChunks scan(Index index, List<Path> seeds, Predicate<ChunkId> skip, Path tempBeside,
                                  ExtractListener warnings) throws IOException {
        for (Path s : seeds) {
            if (!Files.exists(s)) {
                throw new NoSuchFileException(s.toString(), null, "seed does not exist");
            }
            int type = (int) Files.getAttribute(s, "unix:mode") & S_IFMT;
            if (type != S_IFDIR && type != S_IFREG && type != S_IFBLK) {
                // a character device or FIFO may never end (/dev/zero): casync refuses them too
                throw new IOException(s + ": seed is neither a directory, a regular file nor a block device");
            }
        }
        SeedChunks found = new SeedChunks(index.header().digest(), tempBeside);
        try {
            Map<ChunkId, Integer> wanted = new HashMap<>();
            for (IndexEntry e : index.entries()) {
                if (!wanted.containsKey(e.id()) && !skip.test(e.id())) {
                    wanted.put(e.id(), e.size());
                }
            }
            Set<Integer> sizes = new HashSet<>(wanted.values());
            for (Path s : seeds) {
                if (found.size() == wanted.size()) {
                    break;
                }
                try {
                    found.scanOne(index, s, wanted, sizes);
                } catch (IOException | RuntimeException e) {
                    if (found.size() == wanted.size()) {
                        break; // AllFound, possibly wrapped by the encoder
                    }
                    warnings.warning("seed " + s + ": " + e.getMessage() + "; using the chunks found before it failed");
                }
            }
            return found;
        } catch (RuntimeException | Error e) {
            found.close();
            throw e;
        }
    }

    private void scanOne(Index index, Path seed, Map<ChunkId, Integer> wanted, Set<Integer> sizes) throws IOException {
        boolean directory = Files.isDirectory(seed);
        int seedNo = files.size();
        if (!directory) {
            files.add(seed);
            channels.add(FileChannel.open(seed, StandardOpenOption.READ));
        }
        try (CuttingStream cutter = new CuttingStream(new Chunker(index.header().chunkSizes())) {
            @Override
            protected void chunk(byte[] buf, int off, int len, long offset) throws IOException {
                seedBytesScanned += len;
                if (!sizes.contains(len)) {
                    return;
                }
                ChunkId id = hashers.get().hash(buf, off, len);
                Integer size = wanted.get(id);
                if (size == null || size != len || regions.containsKey(id) || stored.contains(id)) {
                    return;
                }
                if (directory) {
                    store().put(id, java.util.Arrays.copyOfRange(buf, off, off + len), Compression.NONE);
                    stored.add(id);
                } else {
                    regions.put(id, new Region(seedNo, offset, len));
                }
                if (size() == wanted.size()) {
                    throw new AllFound();
                }
            }
        }) {
            // Reading (the encoder's syscalls) on this thread, cutting and hashing on the handoff's.
            HandoffStream handoff = new HandoffStream(cutter);
            try {
                if (directory) {
                    new TreeEncoder(new FeatureFlags(index.header().featureFlags()), IdNames.system())
                            .encode(seed, new SinkChannel(handoff));
                } else {
                    try (InputStream in = Files.newInputStream(seed)) {
                        in.transferTo(handoff);
                    }
                }
                handoff.close();
            } finally {
                handoff.abort();
            }
        }
    }

    private LocalChunkStore store() throws IOException {
        if (temp == null) {
            Path beside = tempBeside.toAbsolutePath();
            tempDir = beside.resolveSibling("." + beside.getFileName() + ".seed-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            Files.createDirectory(tempDir);
            temp = new LocalChunkStore(tempDir, digest);
        }
        return temp;
    }

    /** How many distinct wanted chunks the seeds hold. */
    public int size() {
        return regions.size() + stored.size();
    }

    /** How many bytes of seed streams were cut and looked at. */
    public long bytesScanned() {
        return seedBytesScanned;
    }

    /** The chunk's bytes if a seed holds it and they still hash to {@code id}, else null. Thread-safe. */
    public byte[] get(ChunkId id) throws IOException {
        if (stored.contains(id)) {
            try {
                return temp.get(id);
            } catch (MissingChunkException | CorruptChunkException e) {
                return null;
            }
        }
        Region r = regions.get(id);
        if (r == null) {
            return null;
        }
        byte[] data = new byte[r.length()];
        ByteBuffer b = ByteBuffer.wrap(data);
        FileChannel ch = channels.get(r.seed());
        long pos = r.offset();
        while (b.hasRemaining()) {
            int n;
            try {
                n = ch.read(b, pos);
            } catch (IOException e) {
                return null;
            }
            if (n < 0) {
                return null; // the seed shrank since the scan
            }
            pos += n;
        }
        return hashers.get().hash(data, 0, data.length).equals(id) ? data : null;
    }

    /** Closes the seed files and removes the temporary store. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        channels.clear();
        if (tempDir != null) {
            try (Stream<Path> walk = Files.walk(tempDir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (NoSuchFileException e) {
                // already gone
            }
            tempDir = null;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
