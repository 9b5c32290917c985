package dev.paddock.core.store;

import java.io.IOException;

/** A chunk an index refers to is not in the store. */
public final class MissingChunkException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient ChunkId id;

    public MissingChunkException(ChunkId id, String store) {
        super("chunk " + id.hex() + " is missing from store " + store);
        this.id = id;
    }

    public ChunkId id() {
        return id;
    }
}
