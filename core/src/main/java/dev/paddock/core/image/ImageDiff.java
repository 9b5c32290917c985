package dev.paddock.core.image;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexEntry;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.LocalChunkStore;

/**
 * What a host that holds OLD's chunks must fetch to get NEW: distinct chunks of NEW that OLD lacks.
 *
 * @param fetchStoredBytes compressed size of those chunks in the store, -1 without a store
 */
public record ImageDiff(long oldUniqueChunks, long newUniqueChunks, long sharedChunks, long newOnlyChunks,
                        long fetchBytes, long fetchStoredBytes, long newTotalBytes) {

    public static ImageDiff of(Index older, Index newer, LocalChunkStore store) throws IOException {
        Set<ChunkId> old = new HashSet<>();
        for (IndexEntry e : older.entries()) {
            old.add(e.id());
        }
        Set<ChunkId> seen = new HashSet<>();
        long shared = 0, only = 0, bytes = 0, stored = 0;
        for (IndexEntry e : newer.entries()) {
            if (!seen.add(e.id())) {
                continue;
            }
            if (old.contains(e.id())) {
                shared++;
            } else {
                only++;
                bytes += e.size();
                if (store != null) {
                    stored += Math.max(0, ImageInfo.storedSize(store, e.id()));
                }
            }
        }
        return new ImageDiff(old.size(), seen.size(), shared, only, bytes, store == null ? -1 : stored, newer.totalSize());
    }
}
