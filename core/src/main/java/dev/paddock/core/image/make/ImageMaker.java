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
        ImageKind kind = ImageKind.of(image);
        if (!kind.isIndex()) {
            throw new IllegalArgumentException(image + ": not an index name (.caidx or .caibx)");
        }
        Path tmp = tempBeside(image);
        ChunkingSink sink = null;
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                IndexWriter writer = new IndexWriter(file, IndexHeader.of(options.featureFlags(), options.chunkSizes()));
                sink = new ChunkingSink(new Chunker(options.chunkSizes()), store, options, writer, progress);
                HandoffStream handoff = new HandoffStream(sink);
                try {
                    source.writeTo(handoff);
                    handoff.close();
                } finally {
                    handoff.abort();
                }
                sink.close();
            }
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return sink.result();
        } catch (IOException | RuntimeException | Error e) {
            if (sink != null) {
                sink.abort();
            }
            Files.deleteIfExists(tmp);
            throw e;
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
