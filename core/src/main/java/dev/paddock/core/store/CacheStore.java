package dev.paddock.core.store;

import java.io.IOException;

/**
 * A local store in front of another: reads come from the cache when it holds the chunk intact, else
 * from the store behind, and what was fetched is kept in the cache (zstd, as casync stores it). A
 * corrupt cached copy is replaced by the fetched one. Writes, listing and deletion address the store
 * behind; the cache only ever holds verified copies of its chunks.
 */
public final class CacheStore extends ForwardingChunkStore {
    private final ChunkStore cache;
    private final TransferStats stats;
    private final ThreadLocal<ChunkCodec> codecs = ThreadLocal.withInitial(ChunkCodec::new);

    public CacheStore(ChunkStore cache, ChunkStore source, TransferStats stats) {
        super(source);
        this.cache = cache;
        this.stats = stats;
    }

    /**
     * What extract reads through: {@code source} with its reads counted, behind a local cache in
     * {@code cacheDir} when one is given (null for none).
     */
    public static ChunkStore reading(ChunkStore source, java.nio.file.Path cacheDir, ChunkDigest digest, TransferStats stats) {
        ChunkStore counted = new CountingStore(source, stats);
        return cacheDir == null ? counted : new CacheStore(new LocalChunkStore(cacheDir, digest), counted, stats);
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        return cache.has(id) || behind.has(id);
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        try {
            byte[] data = cache.get(id, expectedSize);
            stats.fromCache(data.length);
            return data;
        } catch (MissingChunkException e) {
            // fetch below
        } catch (CorruptChunkException e) {
            cache.delete(id);
        }
        byte[] data = behind.get(id, expectedSize);
        cache.put(id, codecs.get().compress(Compression.ZSTD, data, 0, data.length), Compression.ZSTD);
        return data;
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        cache.delete(id);
        return behind.delete(id);
    }

    @Override
    public void close() throws IOException {
        try {
            behind.close();
        } finally {
            cache.close();
        }
    }
}
