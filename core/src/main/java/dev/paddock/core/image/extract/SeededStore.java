package dev.paddock.core.image.extract;

import java.io.IOException;
import java.util.stream.Stream;

import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.TransferStats;

/**
 * Reads a chunk from the seeds when they hold it intact, else from the store behind (the cache and
 * the store chain). The seeds were scanned without the chunks the cache holds, so the lookup order is
 * cache, seed, store. Everything but reads addresses the store behind.
 */
public final class SeededStore implements ChunkStore {
    private final SeedChunks seeds;
    private final ChunkStore next;
    private final TransferStats stats;

    public SeededStore(SeedChunks seeds, ChunkStore next, TransferStats stats) {
        this.seeds = seeds;
        this.next = next;
        this.stats = stats;
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        byte[] data = seeds.get(id);
        if (data != null && (expectedSize < 0 || data.length == expectedSize)) {
            stats.fromSeed(data.length);
            return data;
        }
        return next.get(id, expectedSize);
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        return next.has(id);
    }

    @Override
    public boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException {
        return next.put(id, stored, compression);
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        return next.delete(id);
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        return next.storedSize(id);
    }

    @Override
    public Stream<ChunkId> list() throws IOException {
        return next.list();
    }

    @Override
    public String location() {
        return next.location();
    }

    /** Closes nothing: the seeds and the store behind belong to whoever made them. */
    @Override
    public void close() {}
}
