package dev.paddock.core.image.index;

import dev.paddock.core.store.ChunkId;

/** One chunk of an index: where it starts in the stream, how long it is, and its id. */
public record IndexEntry(long offset, int size, ChunkId id) {
    public long end() {
        return offset + size;
    }
}
