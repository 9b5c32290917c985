package dev.paddock.core.store;

import java.util.stream.Stream;

/**
 * What one pass over a store found for gc: every chunk id, and the writers' temporaries it swept (or,
 * in a dry run, counted). Closing it closes the id stream.
 */
public record StoreInventory(Stream<ChunkId> ids, TempSweep temporaries) implements AutoCloseable {
    @Override
    public void close() {
        ids.close();
    }
}
