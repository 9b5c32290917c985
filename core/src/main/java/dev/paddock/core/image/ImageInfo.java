package dev.paddock.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexEntry;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.LocalChunkStore;

/**
 * Facts about an index: its header, chunk statistics and, when a local store is at hand, how many
 * bytes its distinct chunks take there.
 *
 * @param storedBytes compressed bytes of the distinct chunks present in the store, -1 without a store
 * @param missingChunks distinct chunks absent from the store, -1 without a store
 */
public record ImageInfo(long featureFlags, long chunkSizeMin, long chunkSizeAvg, long chunkSizeMax, long chunks,
                        long uniqueChunks, long totalBytes, long uniqueBytes, long smallestChunk, long largestChunk,
                        long storedBytes, long missingChunks) {

    public static ImageInfo of(Index index, LocalChunkStore store) throws IOException {
        Set<ChunkId> seen = new HashSet<>();
        long uniqueBytes = 0, smallest = index.entries().isEmpty() ? 0 : Long.MAX_VALUE, largest = 0, stored = 0, missing = 0;
        for (IndexEntry e : index.entries()) {
            smallest = Math.min(smallest, e.size());
            largest = Math.max(largest, e.size());
            if (seen.add(e.id())) {
                uniqueBytes += e.size();
                if (store != null) {
                    long size = storedSize(store, e.id());
                    if (size < 0) {
                        missing++;
                    } else {
                        stored += size;
                    }
                }
            }
        }
        var h = index.header();
        return new ImageInfo(h.featureFlags(), h.chunkSizeMin(), h.chunkSizeAvg(), h.chunkSizeMax(), index.entries().size(),
                seen.size(), index.totalSize(), uniqueBytes, smallest, largest, store == null ? -1 : stored, store == null ? -1 : missing);
    }

    /** The size of the chunk's file in the store, or -1 if absent. */
    public static long storedSize(LocalChunkStore store, ChunkId id) throws IOException {
        for (boolean compressed : new boolean[] {true, false}) {
            Path p = store.pathOf(id, compressed);
            if (Files.exists(p)) {
                return Files.size(p);
            }
        }
        return -1;
    }

    public double averageChunk() {
        return chunks == 0 ? 0 : (double) totalBytes / chunks;
    }
}
