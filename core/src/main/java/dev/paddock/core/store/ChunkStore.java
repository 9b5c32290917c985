package dev.paddock.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Where chunks live. make, extract, gc and verify see only this interface; remote stores, chains and
 * caches are further implementations. Implementations are safe for concurrent use.
 */
public interface ChunkStore extends AutoCloseable {
    /** Whether the store holds the chunk (in any compression). */
    boolean has(ChunkId id) throws IOException;

    /**
     * The chunk's uncompressed bytes, verified against its id.
     *
     * @param expectedSize the size the index records, or -1 if unknown
     * @throws MissingChunkException if absent; {@link CorruptChunkException} if it does not verify
     */
    byte[] get(ChunkId id, int expectedSize) throws IOException;

    default byte[] get(ChunkId id) throws IOException {
        return get(id, -1);
    }

    /**
     * Stores the chunk atomically (readers never see a partial file) unless it is already present.
     *
     * @param stored the bytes as they go to disk, already compressed as {@code compression} says
     * @return whether a new file was written
     */
    boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException;

    /**
     * As {@link #put(ChunkId, byte[], Compression)}, from a buffer's {@code [position, limit)}, which it
     * consumes. A store that writes from native memory overrides this to skip the copy into the heap.
     */
    default boolean put(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        return put(id, Buffers.drain(stored), compression);
    }

    /**
     * As {@link #put(ChunkId, ByteBuffer, Compression)}, for a caller that has just seen {@link #has}
     * say no: the store may skip looking again. Should the chunk appear meanwhile (another writer), it
     * is written once more with the same bytes, which is harmless, and reported as new.
     */
    default boolean putAbsent(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        return put(id, stored, compression);
    }

    /**
     * Removes the chunk (every compression of it).
     *
     * @return the bytes freed, or -1 if the store did not hold it
     */
    long delete(ChunkId id) throws IOException;

    /** The bytes the chunk takes in the store, or -1 if absent. */
    long storedSize(ChunkId id) throws IOException;

    /** Every chunk id in the store. */
    Stream<ChunkId> list() throws IOException;

    /**
     * Removes (or with {@code dryRun} only counts) the temporary files that interrupted writers left
     * behind, those last modified before {@code cutoff}. The age guard keeps the files of a put that is
     * still running. Stores whose puts are atomic on the server side (HTTP, S3) leave none.
     */
    default TempSweep sweepTemporaries(Instant cutoff, boolean dryRun) throws IOException {
        return TempSweep.NONE;
    }

    /**
     * {@link #list()} and {@link #sweepTemporaries} together, for gc. A store whose listing reads every
     * prefix directory anyway overrides this to read each once (over SFTP each read is round trips).
     */
    default StoreInventory inventory(Instant tempCutoff, boolean dryRun) throws IOException {
        TempSweep swept = sweepTemporaries(tempCutoff, dryRun);
        return new StoreInventory(list(), swept);
    }

    /** How the user names this store, for messages. */
    String location();

    @Override
    default void close() throws IOException {}
}
