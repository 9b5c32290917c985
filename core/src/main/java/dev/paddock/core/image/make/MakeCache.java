package dev.paddock.core.image.make;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;

/**
 * What the previous make of a source learned about its chunks: for each chunk that started at a cut
 * point, its length, its id and the {@link StretchDigest} of the stream it covered. Because the
 * chunker starts afresh at every cut, the same stream from the same cut point gives the same chunk, so
 * a chunk whose stretch digest still matches (and whose id the store still holds) is taken without
 * reading, chunking or hashing its bytes. Entries are found by the digest of the first
 * {@link #lookupBytes()} of the stretch (a chunk is never shorter); the full digest decides.
 *
 * <p>The file holds exactly the entries of one run; a run that did not finish never replaces it. It is
 * checked whole (a SHA-256 trailer) and describes the chunk sizes and digest it is valid for; any
 * mismatch makes it unusable, never wrong.
 */
public final class MakeCache {
    /** At most this much of a chunk's start finds it; never more than the smallest chunk. */
    private static final int LOOKUP_MAX = 64;
    /** A lookup that matches more entries than this (identical metadata at many cut points) keeps the newest. */
    private static final int MAX_CANDIDATES = 8;
    private static final byte[] MAGIC = "PDKMKC01".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 * 8 + 2 * 4;
    private static final int RECORD = 8 + 4 + ChunkId.SIZE + 32;
    private static final int TRAILER = 32;
    private static final long MAX_FILE = 1L << 30;

    /** One chunk as a run saw it. */
    record Entry(long lookup, int length, ChunkId id, byte[] stretch) {
        boolean sameAs(Entry o) {
            return lookup == o.lookup && length == o.length && id.equals(o.id) && Arrays.equals(stretch, o.stretch);
        }
    }

    private final ChunkSizes sizes;
    private final ChunkDigest digest;
    private final Map<Long, Entry[]> byLookup = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    private MakeCache(ChunkSizes sizes, ChunkDigest digest) {
        this.sizes = sizes;
        this.digest = digest;
    }

    public static MakeCache empty(ChunkSizes sizes, ChunkDigest digest) {
        return new MakeCache(sizes, digest);
    }

    /**
     * Reads a cache file; a missing file is an empty cache.
     *
     * @throws IOException naming the file and why it cannot be used (corrupt, other chunk sizes, ...)
     */
    public static MakeCache load(Path file, ChunkSizes sizes, ChunkDigest digest) throws IOException {
        MakeCache c = new MakeCache(sizes, digest);
        byte[] all;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new IOException(file + ": make cache of " + size + " bytes is larger than " + MAX_FILE);
            }
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return c;
        }
        if (all.length < HEADER + TRAILER || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not a paddock make cache");
        }
        byte[] sum = ChunkDigest.SHA256.newEngine().digest(Arrays.copyOf(all, all.length - TRAILER));
        if (!Arrays.equals(sum, 0, TRAILER, all, all.length - TRAILER, all.length)) {
            throw new IOException(file + ": make cache is damaged (checksum mismatch)");
        }
        ByteBuffer b = ByteBuffer.wrap(all, MAGIC.length, all.length - MAGIC.length - TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        long min = b.getLong(), avg = b.getLong(), max = b.getLong(), digestFlag = b.getLong();
        int lookupBytes = b.getInt();
        int count = b.getInt();
        if (min != sizes.min() || avg != sizes.avg() || max != sizes.max()) {
            throw new IOException(file + ": make cache is for chunk sizes " + min + ":" + avg + ":" + max);
        }
        if (digestFlag != digest.flag() || lookupBytes != c.lookupBytes()) {
            throw new IOException(file + ": make cache is for another chunk digest");
        }
        if (count < 0 || (long) count * RECORD != b.remaining()) {
            throw new IOException(file + ": make cache is damaged (" + count + " records announced)");
        }
        byte[] id = new byte[ChunkId.SIZE];
        for (int i = 0; i < count; i++) {
            long lookup = b.getLong();
            int length = b.getInt();
            b.get(id);
            byte[] stretch = new byte[32];
            b.get(stretch);
            if (length < min || length > max) {
                throw new IOException(file + ": make cache is damaged (a chunk of " + length + " bytes)");
            }
            c.add(new Entry(lookup, length, new ChunkId(id), stretch));
        }
        return c;
    }

    ChunkSizes sizes() {
        return sizes;
    }

    /** How many bytes at a chunk's start its lookup key covers. */
    int lookupBytes() {
        return (int) Math.min(LOOKUP_MAX, sizes.min());
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries whose stretch starts with the same {@link #lookupBytes()} as {@code lookup} says. */
    Entry[] candidates(long lookup) {
        return byLookup.get(lookup);
    }

    void add(Entry e) {
        Entry[] old = byLookup.get(e.lookup());
        if (old == null) {
            byLookup.put(e.lookup(), new Entry[] {e});
        } else {
            for (Entry o : old) {
                if (o.sameAs(e)) {
                    return;
                }
            }
            Entry[] grown = Arrays.copyOfRange(old, old.length == MAX_CANDIDATES ? 1 : 0, old.length + 1);
            grown[grown.length - 1] = e;
            byLookup.put(e.lookup(), grown);
        }
        entries.add(e);
    }

    /** Writes the cache atomically (a temporary file renamed over {@code file}); creates the directory 0700. */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = ImageMaker.tempBeside(file);
        try {
            MessageDigest sum = ChunkDigest.SHA256.newEngine();
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
                h.put(MAGIC).putLong(sizes.min()).putLong(sizes.avg()).putLong(sizes.max()).putLong(digest.flag())
                        .putInt(lookupBytes()).putInt(entries.size());
                write(out, sum, h.array(), h.position());
                ByteBuffer r = ByteBuffer.allocate(RECORD * 1024).order(ByteOrder.LITTLE_ENDIAN);
                for (Entry e : entries) {
                    if (r.remaining() < RECORD) {
                        write(out, sum, r.array(), r.position());
                        r.clear();
                    }
                    r.putLong(e.lookup()).putInt(e.length()).put(e.id().bytes()).put(e.stretch());
                }
                write(out, sum, r.array(), r.position());
                out.write(sum.digest());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void write(OutputStream out, MessageDigest sum, byte[] b, int len) throws IOException {
        out.write(b, 0, len);
        sum.update(b, 0, len);
    }
}
