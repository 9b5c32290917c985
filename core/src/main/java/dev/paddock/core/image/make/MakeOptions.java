package dev.paddock.core.image.make;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.Compression;

/**
 * How to make an image. {@code featureFlags} go into the index header as they are (the catar encoder
 * interprets them for .caidx; a .caibx carries only the digest and exclude bits casync sets).
 */
public record MakeOptions(ChunkSizes chunkSizes, Compression compression, ChunkDigest digest, long featureFlags, int threads) {
    /** casync's flags for a blob index: SHA512_256 (when chosen) | EXCLUDE_FILE | EXCLUDE_NODUMP. */
    public static long blobFlags(ChunkDigest digest) {
        return digest.flag() | 0x1000000000000000L | 0x8000000000000000L;
    }

    public static MakeOptions blobDefaults() {
        return new MakeOptions(ChunkSizes.DEFAULT, Compression.ZSTD, ChunkDigest.SHA512_256,
                blobFlags(ChunkDigest.SHA512_256), Runtime.getRuntime().availableProcessors());
    }

    public MakeOptions withThreads(int n) {
        return new MakeOptions(chunkSizes, compression, digest, featureFlags, n);
    }
}
