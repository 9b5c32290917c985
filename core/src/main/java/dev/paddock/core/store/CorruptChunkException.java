package dev.paddock.core.store;

import java.io.IOException;

/** A stored chunk cannot be decoded or its bytes do not hash to its id. */
public final class CorruptChunkException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient ChunkId id;

    public CorruptChunkException(ChunkId id, String where, String reason, Throwable cause) {
        super("chunk " + id.hex() + " in " + where + " is corrupt: " + reason, cause);
        this.id = id;
    }

    public ChunkId id() {
        return id;
    }
}
