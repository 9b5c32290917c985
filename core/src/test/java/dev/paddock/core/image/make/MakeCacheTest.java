package dev.paddock.core.image.make;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.catar.FeatureFlags;
import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.LocalChunkStore;

/**
 * The make cache must never change what make writes: every re-make with a cache is compared byte for
 * byte with a make of the same tree without one, after the kinds of change a cache could miss.
 */
class MakeCacheTest {
    @TempDir
    Path tmp;

    private final FeatureFlags flags = Archives.makeFlags(List.of(), List.of(), ChunkDigest.SHA512_256);
    private final MakeOptions options = new MakeOptions(ChunkSizes.DEFAULT, Compression.ZSTD, ChunkDigest.SHA512_256,
            flags.bits(), 2);

    /** A tree of small and large files (large ones go by reference on a re-make), some with xattrs. */
    private Path tree(long seed) throws IOException {
        Path root = tmp.resolve("tree");
        Random r = new Random(seed);
        for (int d = 0; d < 6; d++) {
            Path dir = Files.createDirectories(root.resolve("d" + d));
            for (int f = 0; f < 40; f++) {
                int size = r.nextInt(10) < 7 ? r.nextInt(12_000) : 16_384 + r.nextInt(300_000);
                byte[] data = new byte[size];
                // half random, half repetitive so that chunks dedup and cut points vary
                for (int i = 0; i < size; i++) {
                    data[i] = (byte) (i % 2 == 0 ? r.nextInt(256) : (i / 97) % 7);
                }
                Path file = Files.write(dir.resolve("f" + f), data);
                if (r.nextInt(8) == 0) {
                    xattr(file, "user.tag", "v" + r.nextInt(100));
                }
            }
            Files.createSymbolicLink(dir.resolve("link"), Path.of("f0"));
        }
        return root;
    }

    private static void xattr(Path file, String name, String value) throws IOException {
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write(name.substring("user.".length()), ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** A cache file for a run that began well after the tree was written, so nothing in it is racy. */
    private MakeCacheFile cache(String name) {
        return new MakeCacheFile(tmp.resolve(name), Instant.now().plusSeconds(10));
    }

    private MakeResult make(Path tree, String image, String store, MakeCacheFile cache) throws IOException {
        return ImageMaker.makeIndex(tmp.resolve(image), Archives.tree(tree, flags),
                new LocalChunkStore(tmp.resolve(store), options.digest()), options, MakeProgress.NONE, cache);
    }

    private void assertSameIndex(String a, String b) throws IOException {
        assertThat(Files.mismatch(tmp.resolve(a), tmp.resolve(b))).as(a + " vs " + b).isEqualTo(-1L);
    }

    @Test
    void unchangedTreeIsTakenWholeFromTheCache() throws IOException {
        Path t = tree(1);
        MakeResult cold = make(t, "v1.caidx", "s", cache("c"));
        MakeCache saved = MakeCache.load(tmp.resolve("c"), options.chunkSizes(), options.digest());
        assertThat(saved.size()).isEqualTo(cold.chunks() - 1);
        MakeResult warm = make(t, "v1b.caidx", "s", cache("c"));
        assertSameIndex("v1.caidx", "v1b.caidx");
        assertThat(cold.fromCache()).isZero();
        assertThat(warm.fromCache()).isEqualTo(warm.chunks() - 1);
        assertThat(warm.written()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 3, 4, 5})
    void remakeAfterChangesEqualsAMakeWithoutCache(long seed) throws IOException {
        Path t = tree(seed);
        make(t, "v1.caidx", "s", cache("c"));
        Random r = new Random(seed * 31);
        List<Path> files;
        try (Stream<Path> s = Files.walk(t)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
        for (int i = 0; i < 12; i++) {
            Path f = files.get(r.nextInt(files.size()));
            switch (i % 6) {
                case 0 -> Files.write(f, "appended".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
                case 1 -> sameSizeOverwrite(f, r);
                case 2 -> Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
                case 3 -> xattr(f, "user.changed", "yes" + i);
                case 4 -> Files.write(t.resolve("d" + r.nextInt(6)).resolve("new" + i), new byte[20_000 + r.nextInt(50_000)]);
                default -> {
                    Files.delete(f);
                    files.remove(f);
                }
            }
        }
        MakeResult warm = make(t, "v2.caidx", "s", cache("c"));
        make(t, "v2-plain.caidx", "plain", null);
        assertSameIndex("v2.caidx", "v2-plain.caidx");
        assertThat(warm.fromCache()).isPositive();
        assertThat(warm.chunks() - warm.fromCache()).isLessThan(warm.chunks() / 2);
        // and the cache written by the warm run serves a third, unchanged run whole
        MakeResult third = make(t, "v3.caidx", "s", cache("c"));
        assertSameIndex("v2.caidx", "v3.caidx");
        assertThat(third.fromCache()).isEqualTo(third.chunks() - 1);
    }

    /** Same size, new bytes: only the timestamps (ctime above all) tell the change. */
    private static void sameSizeOverwrite(Path f, Random r) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            if (raf.length() == 0) {
                raf.write(1);
                return;
            }
            raf.seek(r.nextInt((int) raf.length()));
            raf.write(0x5a ^ r.nextInt(256));
        }
    }

    @Test
    void filesChangedAroundTheStartAreNotRecorded() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("fresh"));
        Files.write(root.resolve("big"), new byte[1 << 20]);
        MakeResult r = make(root, "a.caidx", "s", new MakeCacheFile(tmp.resolve("c"), Instant.now()));
        assertThat(r.chunks()).isGreaterThan(1);
        assertThat(MakeCache.load(tmp.resolve("c"), options.chunkSizes(), options.digest()).size()).isZero();
    }

    @Test
    void damagedCacheIsIgnoredAndReplaced() throws IOException {
        Path t = tree(6);
        make(t, "v1.caidx", "s", cache("c"));
        byte[] c = Files.readAllBytes(tmp.resolve("c"));
        c[c.length / 2] ^= 1;
        Files.write(tmp.resolve("c"), c);
        MakeResult r = make(t, "v1b.caidx", "s", cache("c"));
        assertSameIndex("v1.caidx", "v1b.caidx");
        assertThat(r.fromCache()).isZero();
        assertThat(MakeCache.load(tmp.resolve("c"), options.chunkSizes(), options.digest()).size()).isEqualTo(r.chunks() - 1);
    }

    @Test
    void cacheForOtherChunkSizesIsNotUsed() throws IOException {
        Path t = tree(7);
        make(t, "v1.caidx", "s", cache("c"));
        MakeOptions other = new MakeOptions(ChunkSizes.parse("8K:32K:128K"), Compression.ZSTD, ChunkDigest.SHA512_256, flags.bits(), 2);
        MakeResult r = ImageMaker.makeIndex(tmp.resolve("o.caidx"), Archives.tree(t, flags),
                new LocalChunkStore(tmp.resolve("s"), other.digest()), other, MakeProgress.NONE, cache("c"));
        MakeResult plain = ImageMaker.makeIndex(tmp.resolve("o2.caidx"), Archives.tree(t, flags),
                new LocalChunkStore(tmp.resolve("s2"), other.digest()), other, MakeProgress.NONE, null);
        assertSameIndex("o.caidx", "o2.caidx");
        assertThat(r.fromCache()).isZero();
        assertThat(plain.chunks()).isEqualTo(r.chunks());
    }

    @Test
    void chunksMissingFromTheStoreAreMadeAgain() throws IOException {
        Path t = tree(8);
        make(t, "v1.caidx", "s", cache("c"));
        List<Path> chunks;
        try (Stream<Path> s = Files.walk(tmp.resolve("s"))) {
            chunks = s.filter(p -> p.toString().endsWith(".cacnk")).sorted().toList();
        }
        for (int i = 0; i < chunks.size(); i += 3) {
            Files.delete(chunks.get(i));
        }
        MakeResult r = make(t, "v1b.caidx", "s", cache("c"));
        assertSameIndex("v1.caidx", "v1b.caidx");
        assertThat(r.written()).isGreaterThan(0);
        try (Stream<Path> s = Files.walk(tmp.resolve("s"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".cacnk")).count()).isEqualTo(chunks.size());
        }
    }

    @Test
    void noDescriptorIsLeftOpen() throws IOException {
        Path t = tree(9);
        make(t, "v1.caidx", "s", cache("c"));
        long before = openFiles();
        for (int i = 0; i < 3; i++) {
            make(t, "w" + i + ".caidx", "s", cache("c"));
        }
        // a make that fails half-way (its store is a plain file, so every chunk is read by reference,
        // then cannot be stored) must release its files too, and leave no index behind
        Path notAStore = Files.write(tmp.resolve("not-a-store"), new byte[1]);
        assertThatThrownBy(() -> ImageMaker.makeIndex(tmp.resolve("x.caidx"), Archives.tree(t, flags),
                new LocalChunkStore(notAStore, options.digest()), options, MakeProgress.NONE, cache("c")))
                .isInstanceOf(IOException.class);
        assertThat(tmp.resolve("x.caidx")).doesNotExist();
        assertThat(openFiles()).isLessThanOrEqualTo(before);
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
