package dev.paddock.core.image.make;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.store.ChunkDigest;

/**
 * Where make keeps its cache for one source and store, and when this run began: files changed within
 * two seconds before that (or later) are too recent for their timestamps to prove them unchanged next
 * time, so chunks holding them are not recorded.
 */
public record MakeCacheFile(Path file, Instant started) {
    static final long RACY_SECONDS = 2;

    /**
     * The default cache of a source made into these stores with these chunk sizes and digest, under
     * {@code cacheHome}/paddock/make: one file per combination, so that runs of different images never
     * evict each other's cache.
     */
    public static Path defaultPath(Path cacheHome, Path source, List<String> stores, ChunkSizes sizes, ChunkDigest digest)
            throws IOException {
        MessageDigest sha = ChunkDigest.SHA256.newEngine();
        StringBuilder key = new StringBuilder(source.toRealPath().toString()).append('\n');
        for (String s : stores) {
            key.append(s.contains("://") ? s : Path.of(s).toAbsolutePath().normalize().toString()).append('\n');
        }
        key.append(sizes.min()).append(':').append(sizes.avg()).append(':').append(sizes.max()).append('\n').append(digest.flag());
        byte[] d = sha.digest(key.toString().getBytes(StandardCharsets.UTF_8));
        return cacheHome.resolve("paddock").resolve("make").resolve(HexFormat.of().formatHex(d, 0, 16) + ".cache");
    }

    long racyFromSecond() {
        return started.getEpochSecond() - RACY_SECONDS;
    }
}
