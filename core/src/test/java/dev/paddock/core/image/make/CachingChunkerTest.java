package dev.paddock.core.image.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.image.chunker.Chunker;
import dev.paddock.core.image.index.IndexHeader;
import dev.paddock.core.image.index.IndexWriter;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;

/** The re-make front on its own: deferred reads of files handed over by the encoder. */
class CachingChunkerTest {
    private static final int O_RDONLY = 0;

    @TempDir
    Path tmp;

    private final MakeOptions options = new MakeOptions(ChunkSizes.DEFAULT, Compression.ZSTD, ChunkDigest.SHA512_256, 0, 2);

    private CachingChunker front(ByteArrayOutputStream index) throws IOException {
        MakeCache previous = MakeCache.empty(options.chunkSizes(), options.digest());
        // an entry that matches nothing, so that the caching path (not the cold one) is what runs
        previous.add(new MakeCache.Entry(42, 20_000, new ChunkId(new byte[ChunkId.SIZE]), new byte[32]));
        ChunkPipeline pipeline = new ChunkPipeline(new LocalChunkStore(tmp.resolve("s"), options.digest()), options,
                new IndexWriter(index, IndexHeader.of(0, options.chunkSizes())), MakeProgress.NONE);
        return new CachingChunker(new Chunker(options.chunkSizes()), pipeline, previous,
                MakeCache.empty(options.chunkSizes(), options.digest()), new ChunkDescriber(64, Long.MAX_VALUE));
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static FileKey key(Path f) throws IOException {
        try (Fd fd = Posix.get().open(f.toString(), O_RDONLY)) {
            return FileKey.of(Posix.get().fstat(fd));
        }
    }

    @Test
    void fileThatShrankAfterItWasHandedOverFailsNamingIt() throws IOException {
        byte[] data = random(300_000, 1);
        Path f = Files.write(tmp.resolve("shrinking.bin"), data);
        FileKey k = key(f);
        CachingChunker c = front(new ByteArrayOutputStream());
        c.write(new byte[100], 0, 100);
        c.referenced(k, Posix.get().open(f.toString(), O_RDONLY), data.length, "/tree/shrinking.bin");
        Files.write(f, new byte[1000]);
        assertThatThrownBy(() -> {
            c.write(new byte[100], 0, 100);
            c.close();
        }).isInstanceOf(IOException.class)
                .hasMessageMatching("/tree/shrinking\\.bin: file ended at \\d+ of 300000 bytes: it changed while being archived");
        c.abort();
    }

    @Test
    void deferredReadsGiveTheSameChunksAsBytes() throws IOException {
        byte[] data = random(700_000, 2);
        Path f = Files.write(tmp.resolve("f.bin"), data);
        ByteArrayOutputStream byRef = new ByteArrayOutputStream();
        CachingChunker c = front(byRef);
        c.write(new byte[333], 0, 333);
        c.referenced(key(f), Posix.get().open(f.toString(), O_RDONLY), data.length, "f.bin");
        c.write(new byte[77], 0, 77);
        c.close();

        ByteArrayOutputStream byBytes = new ByteArrayOutputStream();
        CachingChunker b = front(byBytes);
        b.write(new byte[333], 0, 333);
        b.announced(key(f), data.length, "f.bin");
        b.write(data, 0, data.length);
        b.write(new byte[77], 0, 77);
        b.close();
        assertThat(byRef.toByteArray()).isEqualTo(byBytes.toByteArray());

        // and the cold sink, given the same stream as plain bytes, writes the same index
        ByteArrayOutputStream cold = new ByteArrayOutputStream();
        ChunkingSink sink = new ChunkingSink(new Chunker(options.chunkSizes()), new LocalChunkStore(tmp.resolve("s2"), options.digest()),
                options, new IndexWriter(cold, IndexHeader.of(0, options.chunkSizes())), MakeProgress.NONE);
        sink.write(new byte[333], 0, 333);
        sink.write(data, 0, data.length);
        sink.write(new byte[77], 0, 77);
        sink.close();
        assertThat(byRef.toByteArray()).isEqualTo(cold.toByteArray());
        assertThat(sink.result().chunks()).isGreaterThan(3);
    }
}
