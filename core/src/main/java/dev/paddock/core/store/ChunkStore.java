package dev.paddock.core.store;

import java.io.IOException;
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

    /** Every chunk id in the store. */
    Stream<ChunkId> list() throws IOException;

    /** How the user names this store, for messages. */
    String location();

    @Override
    default void close() throws IOException {}
}
