package dev.paddock.core.store;

import java.io.IOException;

/** Counts the chunks read from a store (as "from the store" in {@link TransferStats}). */
public final class CountingStore extends ForwardingChunkStore {
    private final TransferStats stats;

    public CountingStore(ChunkStore store, TransferStats stats) {
        super(store);
        this.stats = stats;
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        byte[] data = behind.get(id, expectedSize);
        stats.fromStore(data.length);
        return data;
    }
}
