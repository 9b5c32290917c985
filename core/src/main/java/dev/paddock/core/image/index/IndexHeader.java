package dev.paddock.core.image.index;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.store.ChunkDigest;

/** The fixed part of a .caidx/.caibx: feature flags and the chunk sizes the chunker used. */
public record IndexHeader(long featureFlags, long chunkSizeMin, long chunkSizeAvg, long chunkSizeMax) {
    public static IndexHeader of(long featureFlags, ChunkSizes sizes) {
        return new IndexHeader(featureFlags, sizes.min(), sizes.avg(), sizes.max());
    }

    public ChunkSizes chunkSizes() {
        return new ChunkSizes(chunkSizeMin, chunkSizeAvg, chunkSizeMax);
    }

    public ChunkDigest digest() {
        return ChunkDigest.fromFlags(featureFlags);
    }
}
