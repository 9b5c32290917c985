package dev.paddock.core.image.make;

import java.util.function.Consumer;

import dev.paddock.core.store.ChunkId;

/**
 * Records a chunk into the next make cache once the pipeline knows its id. A class rather than a
 * lambda: a lambda's classes are spun at its first use, ~5 ms on the chunking thread of every make
 * that keeps a cache, as the CDS training cannot reach that path (its fresh files are all too recent
 * to record).
 */
record Recording(MakeCache next, long lookup, int length, byte[] stretch) implements Consumer<ChunkId> {
    @Override
    public void accept(ChunkId id) {
        next.add(new MakeCache.Entry(lookup, length, id, stretch));
    }
}
