package dev.paddock.core.image.make;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.chunker.Chunker;
import dev.paddock.core.image.index.IndexHeader;
import dev.paddock.core.image.index.IndexWriter;
import dev.paddock.core.store.ChunkStore;

/**
 * {@code paddock image make}: source &rarr; serialised stream &rarr; chunks &rarr; store + index. The
 * index is written to a temporary file beside the image and renamed into place only when complete.
 */
public final class ImageMaker {
    /**
     * Made on the first warning: setting up slf4j and logback (service lookup, reading logback.xml,
     * Joran's method handles) took ~40 ms of every make's start, on the thread that feeds the chunkers.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ImageMaker.class);
    }

    /** Serialises a source into a stream: the catar encoder for trees, a plain copy for blobs. */
    @FunctionalInterface
    public interface StreamSource {
        void writeTo(OutputStream out) throws IOException;
    }

    private ImageMaker() {}

    /** A blob source: the bytes of a file or block device. */
    public static StreamSource blob(Path file) {
        return out -> {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] b = new byte[1 << 20];
                int n;
                while ((n = in.read(b)) > 0) {
                    out.write(b, 0, n);
                }
            }
        };
    }

    /** Chunks {@code source}'s stream into {@code store} and writes the index {@code image}. */
    public static MakeResult makeIndex(Path image, StreamSource source, ChunkStore store, MakeOptions options,
                                       MakeProgress progress) throws IOException {
        return makeIndex(image, source, store, options, progress, null);
    }

    /**
     * As above, using and then replacing the make cache {@code cache} (null for none): with a previous
     * run's cache, unchanged stretches of the stream are taken by chunk id without being read. The
     * index is the same either way. A cache that cannot be read is ignored with a warning; the new one
     * is written only after the index.
     */
    public static MakeResult makeIndex(Path image, StreamSource source, ChunkStore store, MakeOptions options,
                                       MakeProgress progress, MakeCacheFile cache) throws IOException {
        ImageKind kind = ImageKind.of(image);
        if (!kind.isIndex()) {
            throw new IllegalArgumentException(image + ": not an index name (.caidx or .caibx)");
        }
        MakeCache previous = cache == null ? null : loadOrEmpty(cache.file(), options);
        MakeCache next = cache == null ? null : MakeCache.empty(options.chunkSizes(), options.digest());
        Path tmp = tempBeside(image);
        Front front = null;
        MakeResult result;
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                IndexWriter writer = new IndexWriter(file, IndexHeader.of(options.featureFlags(), options.chunkSizes()));
                ChunkPipeline pipeline = new ChunkPipeline(store, options, writer, progress);
                front = Front.of(options, pipeline, previous, next, cache);
                HandoffStream handoff = new HandoffStream(front.stream(), front.policy());
                try {
                    source.writeTo(handoff);
                    handoff.close();
                } finally {
                    handoff.abort();
                }
                front.stream().close();
                result = pipeline.result();
            }
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            if (front != null) {
                front.abort().run();
            }
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (next != null) {
            try {
                next.save(cache.file());
            } catch (IOException e) {
                Log.LOG.warn("{}: could not save the make cache: {}", cache.file(), e.getMessage());
            }
        }
        return result;
    }

    /** The chunking front end: a cold sink (recording when there is a cache to fill) or the caching chunker. */
    private record Front(OutputStream stream, PayloadPolicy policy, Runnable abort) {
        static Front of(MakeOptions options, ChunkPipeline pipeline, MakeCache previous, MakeCache next, MakeCacheFile cache) {
            Chunker chunker = new Chunker(options.chunkSizes());
            if (next == null) {
                ChunkingSink sink = new ChunkingSink(chunker, pipeline, null, null);
                return new Front(sink, null, sink::abort);
            }
            ChunkDescriber describer = new ChunkDescriber(next.lookupBytes(), cache.racyFromSecond());
            if (previous.isEmpty()) {
                ChunkingSink sink = new ChunkingSink(chunker, pipeline, next, describer);
                return new Front(sink, new PayloadPolicy(false), sink::abort);
            }
            CachingChunker c = new CachingChunker(chunker, pipeline, previous, next, describer);
            return new Front(c, new PayloadPolicy(true), c::abort);
        }
    }

    private static MakeCache loadOrEmpty(Path file, MakeOptions options) {
        try {
            return MakeCache.load(file, options.chunkSizes(), options.digest());
        } catch (IOException e) {
            Log.LOG.warn("{}; making without it", e.getMessage());
            return MakeCache.empty(options.chunkSizes(), options.digest());
        }
    }

    /** Writes an unchunked stream (a .catar) atomically. */
    public static long makeArchive(Path image, StreamSource source) throws IOException {
        Path tmp = tempBeside(image);
        try {
            long[] count = new long[1];
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW), 1 << 20)) {
                source.writeTo(new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        file.write(b);
                        count[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        file.write(b, off, len);
                        count[0] += len;
                    }
                });
            }
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return count[0];
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    static Path tempBeside(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }
}
