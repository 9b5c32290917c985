package dev.paddock.core.image.make;

/**
 * What a make did. {@code reused + written == chunks}: a chunk is "written" when this run put a new
 * file into the store, "reused" when the store (or an earlier chunk of this run) already had it.
 * {@code fromCache} of the reused chunks were taken from the make cache, their bytes never read.
 */
public record MakeResult(long chunks, long reused, long written, long bytes, long compressedBytesWritten, long fromCache) {
    public double reusedPercent() {
        return chunks == 0 ? 100.0 : 100.0 * reused / chunks;
    }
}
