package dev.paddock.core.store;

import java.io.IOException;
import java.util.stream.Stream;

/** Counts the chunks read from a store (as "from the store" in {@link TransferStats}). */
public final class CountingStore implements ChunkStore {
    private final ChunkStore store;
    private final TransferStats stats;

    public CountingStore(ChunkStore store, TransferStats stats) {
        this.store = store;
        this.stats = stats;
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        return store.has(id);
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        byte[] data = store.get(id, expectedSize);
        stats.fromStore(data.length);
        return data;
    }

    @Override
    public boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException {
        return store.put(id, stored, compression);
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        return store.delete(id);
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        return store.storedSize(id);
    }

    @Override
    public Stream<ChunkId> list() throws IOException {
        return store.list();
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
