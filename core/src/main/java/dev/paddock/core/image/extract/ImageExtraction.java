package dev.paddock.core.image.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.catar.TreeExtractor;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.CacheStore;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.core.store.StoreCopier;
import dev.paddock.core.store.S3Settings;
import dev.paddock.core.store.StoreLocation;
import dev.paddock.core.store.TransferStats;

/**
 * {@code image extract} as one pipeline for the CLI and the launcher: the image's kind decides between
 * a .catar decode, a .caidx's chunks decoded into a tree and a .caibx's chunks written to a file or
 * device. Each chunk comes from the cache (when given), else from a seed, else from the store chain,
 * and is counted by where it came from.
 */
public final class ImageExtraction {
    /** Told the stream's length once the index is read, then each chunk as it is consumed. */
    public interface Progress extends ChunkInputStream.Progress {
        Progress NONE = (bytes, chunks) -> {};

        default void start(long totalBytes) {}
    }

    /**
     * @param stores  the chain chunks are read from, first intact copy wins
     * @param cache   a local store in front of {@code stores} that keeps what was fetched, or null
     * @param seeds   directories, files or block devices whose chunks are used before the stores (after the cache)
     * @param seedOutput whether an existing file or device DEST of a .caibx is a seed too (casync's --seed-output)
     * @param threads chunks fetched at once
     * @param tree    how a directory tree is restored (owners, privileged features, warnings)
     */
    public record Options(List<StoreLocation> stores, Path cache, List<Path> seeds, boolean seedOutput, int threads,
                          TreeExtractor.Options tree, Progress progress, S3Settings s3) {
        public Options(List<StoreLocation> stores, Path cache, List<Path> seeds, boolean seedOutput, int threads,
                       TreeExtractor.Options tree, Progress progress) {
            this(stores, cache, seeds, seedOutput, threads, tree, progress, S3Settings.defaults());
        }

        public Options {
            stores = List.copyOf(stores);
            seeds = List.copyOf(seeds);
            if (stores.isEmpty()) {
                throw new IllegalArgumentException("an extract needs at least one store");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
        }
    }

    /** What an extract did; a .catar has no chunks, so its counters stay zero. */
    public record Result(ImageKind kind, long chunks, long bytes, TransferStats.Snapshot transfer, long nanos) {
        public double seconds() {
            return Math.max(1e-9, nanos / 1e9);
        }
    }

    private ImageExtraction() {}

    /** Chunks fetched at once by default: many for remote stores (latency-bound), one per core for local ones. */
    public static int defaultThreads(List<StoreLocation> stores) {
        return stores.stream().anyMatch(StoreLocation::remote) ? StoreCopier.DEFAULT_CONCURRENCY
                : Runtime.getRuntime().availableProcessors();
    }

    public static Result extract(Path image, Path dest, Options o) throws IOException {
        ImageKind kind = ImageKind.of(image);
        long started = System.nanoTime();
        TransferStats stats = new TransferStats();
        if (kind == ImageKind.ARCHIVE) {
            if (!o.seeds().isEmpty()) {
                o.tree().listener().warning("seeds are not used for a .catar, which holds no chunks");
            }
            try (InputStream in = Archives.openCatar(image)) {
                Archives.extract(in, dest, o.tree());
            }
            return new Result(kind, 0, 0, stats.snapshot(), System.nanoTime() - started);
        }
        Index index = IndexReader.read(image);
        o.progress().start(index.totalSize());
        ExtractResult r;
        ChunkDigest digest = index.header().digest();
        List<Path> seeds = new ArrayList<>(o.seeds());
        // Safe because a file DEST is only replaced by a rename at the end, and a device DEST that the
        // extract overwrites before a seed chunk is read from it fails that chunk's digest check.
        if (kind == ImageKind.BLOB_INDEX && o.seedOutput() && Files.exists(dest) && !Files.isDirectory(dest)
                && !seeds.contains(dest)) {
            seeds.add(dest);
        }
        LocalChunkStore cache = o.cache() == null ? null : new LocalChunkStore(o.cache(), digest);
        try (ChunkStore behind = CacheStore.reading(StoreLocation.open(o.stores(), digest, o.s3()), o.cache(), digest, stats);
             SeedChunks found = SeedChunks.scan(index, seeds, id -> cache != null && cache.has(id), dest, o.tree().listener());
             ChunkStore s = found.size() == 0 ? behind : new SeededStore(found, behind, stats)) {
            if (kind == ImageKind.BLOB_INDEX) {
                r = BlobExtractor.extract(index, s, dest, o.threads(), o.progress());
            } else {
                try (ChunkInputStream in = new ChunkInputStream(index.entries(), s, o.threads(), o.progress())) {
                    Archives.extract(in, dest, o.tree());
                }
                r = new ExtractResult(index.entries().size(), index.totalSize());
            }
        }
        return new Result(kind, r.chunks(), r.bytes(), stats.snapshot(), System.nanoTime() - started);
    }
}
