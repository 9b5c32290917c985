package dev.paddock.core.image.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.catar.ExtractListener;
import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexEntry;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.image.make.ImageMaker;
import dev.paddock.core.image.make.MakeOptions;
import dev.paddock.core.image.make.MakeProgress;
import dev.paddock.core.store.CacheStore;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.core.store.TransferStats;

/** Seed chunks are checked when used: a seed that changed after the scan never reaches the output. */
class SeedChunksTest {
    @TempDir
    Path tmp;

    private static final ChunkDigest D = ChunkDigest.SHA512_256;

    private Index blobImage(byte[] data, Path store) throws IOException {
        Path file = Files.write(tmp.resolve("image.bin"), data);
        Path idx = tmp.resolve("image.caibx");
        MakeOptions o = new MakeOptions(ChunkSizes.fromAverage(16 * 1024), Compression.ZSTD, D, MakeOptions.blobFlags(D), 2);
        ImageMaker.makeIndex(idx, ImageMaker.blob(file), new LocalChunkStore(store, D), o, MakeProgress.NONE);
        return IndexReader.read(idx);
    }

    @Test
    void aFileSeedRewrittenAfterTheScanFallsBackToTheStore() throws IOException {
        byte[] data = new byte[2_000_000];
        new Random(8).nextBytes(data);
        Path store = tmp.resolve("s.castr");
        Index index = blobImage(data, store);
        Path seed = Files.write(tmp.resolve("seed.bin"), data);
        Path dest = tmp.resolve("out.bin");

        try (SeedChunks found = SeedChunks.scan(index, List.of(seed), id -> false, dest, ExtractListener.IGNORE)) {
            assertThat(found.size()).isEqualTo(index.entries().stream().map(IndexEntry::id).distinct().count());
            // rewrite the second half of the seed in place (same file, same length), as an update would
            byte[] other = new byte[data.length / 2];
            new Random(9).nextBytes(other);
            try (FileChannel ch = FileChannel.open(seed, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(other), data.length / 2);
            }
            TransferStats stats = new TransferStats();
            SeededStore s = new SeededStore(found, CacheStore.reading(new LocalChunkStore(store, D), null, D, stats), stats);
            ExtractResult r = BlobExtractor.extract(index, s, dest, 2, ChunkInputStream.Progress.NONE);
            assertThat(Files.readAllBytes(dest)).isEqualTo(data);
            TransferStats.Snapshot t = stats.snapshot();
            long intact = index.entries().stream().filter(e -> e.end() <= data.length / 2).count();
            assertThat(t.seedChunks()).isEqualTo(intact).isPositive();
            assertThat(t.storeChunks()).isEqualTo(r.chunks() - intact).isPositive();

            // a seed cut short reads as absent, too
            try (FileChannel ch = FileChannel.open(seed, StandardOpenOption.WRITE)) {
                ch.truncate(1000);
            }
            for (IndexEntry e : index.entries()) {
                assertThat(found.get(e.id())).isNull();
            }
        }
    }

    @Test
    void aDirectorySeedKeepsWantedChunksInATemporaryStoreThatIsVerifiedAndRemoved() throws IOException {
        Path tree = tmp.resolve("tree");
        Random r = new Random(4);
        for (int i = 0; i < 40; i++) {
            byte[] b = new byte[r.nextInt(60_000)];
            r.nextBytes(b);
            Files.createDirectories(tree.resolve("d" + i % 5));
            Files.write(tree.resolve("d" + i % 5).resolve("f" + i), b);
        }
        Path idx = tmp.resolve("tree.caidx");
        Path store = tmp.resolve("t.castr");
        long flags = Archives.makeFlags(List.of(), List.of(), D).bits();
        MakeOptions o = new MakeOptions(ChunkSizes.fromAverage(16 * 1024), Compression.ZSTD, D, flags, 2);
        ImageMaker.makeIndex(idx, Archives.tree(tree, Archives.makeFlags(List.of(), List.of(), D)), new LocalChunkStore(store, D),
                o, MakeProgress.NONE);
        Index index = IndexReader.read(idx);
        ChunkId cached = index.entries().get(0).id();
        Path dest = tmp.resolve("dest");

        Path tempDir;
        try (SeedChunks found = SeedChunks.scan(index, List.of(tree), cached::equals, dest, ExtractListener.IGNORE)) {
            long distinct = index.entries().stream().map(IndexEntry::id).distinct().count();
            assertThat(found.size()).as("all but the one the cache holds").isEqualTo(distinct - 1);
            assertThat(found.get(cached)).isNull();
            try (Stream<Path> s = Files.list(tmp)) {
                tempDir = s.filter(p -> p.getFileName().toString().startsWith(".dest.seed-")).findFirst().orElseThrow();
            }
            ChunkId victim = index.entries().get(1).id();
            Path chunk = new LocalChunkStore(tempDir, D).pathOf(victim, false);
            byte[] bad = Files.readAllBytes(chunk);
            bad[0] ^= 1;
            chunk.toFile().setWritable(true);
            Files.write(chunk, bad);
            assertThat(found.get(victim)).isNull();
            IndexEntry other = index.entries().get(2);
            assertThat(found.get(other.id())).hasSize(other.size());
        }
        assertThat(tempDir).doesNotExist();
    }

    @Test
    void aSeedThatDoesNotExistFailsTheScan() throws IOException {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        Index index = blobImage(data, tmp.resolve("s.castr"));
        Path absent = tmp.resolve("absent");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeedChunks.scan(index, List.of(absent), id -> false,
                tmp.resolve("dest"), ExtractListener.IGNORE)).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining(absent.toString());
    }
}
