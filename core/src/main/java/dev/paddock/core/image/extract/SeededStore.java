package dev.paddock.core.image.extract;

import java.io.IOException;

import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.ForwardingChunkStore;
import dev.paddock.core.store.TransferStats;

/**
 * Reads a chunk from the seeds when they hold it intact, else from the store behind (the cache and
 * the store chain). The seeds were scanned without the chunks the cache holds, so the lookup order is
 * cache, seed, store. Everything but reads addresses the store behind.
 */
public final class SeededStore extends ForwardingChunkStore {
    private final SeedChunks seeds;
    private final TransferStats stats;

    public SeededStore(SeedChunks seeds, ChunkStore next, TransferStats stats) {
        super(next);
        this.seeds = seeds;
        this.stats = stats;
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        byte[] data = seeds.get(id);
        if (data != null && (expectedSize < 0 || data.length == expectedSize)) {
            stats.fromSeed(data.length);
            return data;
        }
        return behind.get(id, expectedSize);
    }

    /** Closes nothing: the seeds and the store behind belong to whoever made them. */
    @Override
    public void close() {}
}
