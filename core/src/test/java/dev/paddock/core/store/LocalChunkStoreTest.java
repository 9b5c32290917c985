package dev.paddock.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.luben.zstd.Zstd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalChunkStoreTest {
    @TempDir
    Path tmp;

    private static byte[] data(long seed, int len) {
        byte[] b = new byte[len];
        Random r = new Random(seed);
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (r.nextInt(16) + 'a'); // compressible
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void putThenGetEachCompression(Compression c) throws IOException {
        LocalChunkStore s = new LocalChunkStore(tmp.resolve("s"), ChunkDigest.SHA512_256);
        byte[] d = data(1, 100_000);
        ChunkId id = ChunkDigest.SHA512_256.of(d);
        try (ChunkCodec codec = new ChunkCodec()) {
            byte[] stored = codec.compress(c, d, 0, d.length);
            assertThat(s.put(id, stored, c)).isTrue();
            assertThat(s.put(id, stored, c)).isFalse();
        }
        Path file = s.pathOf(id, c != Compression.NONE);
        assertThat(file).exists();
        assertThat(file.getParent().getFileName().toString()).isEqualTo(id.hex().substring(0, 4));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
        assertThat(s.has(id)).isTrue();
        assertThat(s.get(id)).isEqualTo(d);
        assertThat(s.get(id, d.length)).isEqualTo(d);
        assertThat(s.list().toList()).containsExactly(id);
        if (c != Compression.NONE) {
            assertThat(Compression.detect(Files.readAllBytes(file), 8)).isEqualTo(c);
        }
    }

    @Test
    void directBuffersAreWrittenFromWhereTheyAreAndAVanishedPrefixIsMadeAgain() throws IOException {
        LocalChunkStore s = new LocalChunkStore(tmp.resolve("new").resolve("s"), ChunkDigest.SHA512_256);
        byte[] d = data(2, 70_000);
        ChunkId id = ChunkDigest.SHA512_256.of(d);
        try (ChunkCodec codec = new ChunkCodec()) {
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(d.length + 10);
            direct.position(3);
            direct.put(d);
            direct.flip().position(3);
            java.nio.ByteBuffer stored = codec.compress(Compression.ZSTD, direct);
            int storedSize = stored.remaining();
            assertThat(s.put(id, stored, Compression.ZSTD)).isTrue();
            assertThat(stored.hasRemaining()).isFalse();
            assertThat(Files.size(s.pathOf(id, true))).isEqualTo(storedSize);
            assertThat(s.get(id, d.length)).isEqualTo(d);

            // gc removed the (emptied) prefix directory after this store made it: the next put makes it again
            Files.delete(s.pathOf(id, true));
            Files.delete(s.pathOf(id, true).getParent());
            assertThat(s.has(id)).isFalse();
            assertThat(s.put(id, codec.compress(Compression.ZSTD, d, 0, d.length), Compression.ZSTD)).isTrue();
            assertThat(s.get(id, d.length)).isEqualTo(d);
        }
    }

    @Test
    void aPrefixFoundMissingIsLookedForAgainAndPutAbsentWritesWithoutLooking() throws IOException {
        Path root = tmp.resolve("s");
        LocalChunkStore mine = new LocalChunkStore(root, ChunkDigest.SHA512_256);
        LocalChunkStore other = new LocalChunkStore(root, ChunkDigest.SHA512_256);
        byte[] d = data(4, 60_000);
        ChunkId id = ChunkDigest.SHA512_256.of(d);
        byte[] d2 = data(5, 60_000);
        ChunkId bare = ChunkDigest.SHA512_256.of(d2);
        byte[] d3 = data(6, 60_000);
        ChunkId fresh = ChunkDigest.SHA512_256.of(d3);
        try (ChunkCodec codec = new ChunkCodec()) {
            byte[] stored = codec.compress(Compression.ZSTD, d, 0, d.length);
            assertThat(mine.has(id)).isFalse();
            // another writer makes the prefix and the chunk: a missing prefix is not remembered as missing
            assertThat(other.put(id, stored, Compression.ZSTD)).isTrue();
            assertThat(mine.has(id)).isTrue();
            assertThat(mine.put(id, java.nio.ByteBuffer.wrap(stored), Compression.ZSTD)).isFalse();
            // an uncompressed chunk of casync's is found under its bare name
            assertThat(other.put(bare, d2, Compression.NONE)).isTrue();
            assertThat(mine.has(bare)).isTrue();

            // the caller saw has() say no just before: the chunk is written without looking again, and
            // should it have appeared meanwhile, the same bytes replace it whole
            assertThat(mine.putAbsent(id, java.nio.ByteBuffer.wrap(stored), Compression.ZSTD)).isTrue();
            assertThat(mine.get(id, d.length)).isEqualTo(d);
            assertThat(mine.putAbsent(fresh, java.nio.ByteBuffer.wrap(d3), Compression.NONE)).isTrue();
            assertThat(other.has(fresh)).isTrue();
            assertThat(other.get(fresh, d3.length)).isEqualTo(d3);
        }
        try (var prefixes = Files.list(root)) {
            // nothing but the prefix directories and, in them, the chunk files: no temporaries left
            assertThat(prefixes.flatMap(dir -> {
                try (var files = Files.list(dir)) {
                    return files.map(f -> f.getFileName().toString()).toList().stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList()).containsExactlyInAnyOrder(id.hex() + ".cacnk", bare.hex(), fresh.hex());
        }
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesNothingBehind() throws IOException {
        Path root = tmp.resolve("s");
        LocalChunkStore s = new LocalChunkStore(root, ChunkDigest.SHA512_256);
        byte[] d = data(3, 50_000);
        ChunkId id = ChunkDigest.SHA512_256.of(d);
        // a file squatting on the prefix directory's name
        Path prefix = s.pathOf(id, true).getParent();
        Files.createDirectories(root);
        Files.writeString(prefix, "not a directory");
        assertThatThrownBy(() -> s.put(id, java.nio.ByteBuffer.wrap(d), Compression.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(prefix + "/.#" + id.hex())
                .hasMessageContaining("Not a directory");
        try (var files = Files.list(root)) {
            assertThat(files.toList()).containsExactly(prefix);
        }
        assertThat(Files.readString(prefix)).isEqualTo("not a directory");
    }

    @Test
    void missingChunkNamesIdAndStore() {
        LocalChunkStore s = new LocalChunkStore(tmp.resolve("s"), ChunkDigest.SHA512_256);
        ChunkId id = ChunkDigest.SHA512_256.of(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> s.get(id)).isInstanceOf(MissingChunkException.class)
                .hasMessageContaining(id.hex()).hasMessageContaining(tmp.resolve("s").toString());
    }

    @Test
    void corruptChunkNamesId() throws IOException {
        LocalChunkStore s = new LocalChunkStore(tmp.resolve("s"), ChunkDigest.SHA512_256);
        byte[] d = data(2, 50_000);
        ChunkId id = ChunkDigest.SHA512_256.of(d);
        try (ChunkCodec codec = new ChunkCodec()) {
            s.put(id, codec.compress(Compression.ZSTD, d, 0, d.length), Compression.ZSTD);
            Path f = s.pathOf(id, true);
            byte[] other = data(3, 50_000);
            byte[] wrong = codec.compress(Compression.ZSTD, other, 0, other.length);
            f.toFile().setWritable(true);
            Files.write(f, wrong);
            assertThatThrownBy(() -> s.get(id, d.length)).isInstanceOf(CorruptChunkException.class)
                    .hasMessageContaining(id.hex()).hasMessageContaining("hashes to");
            byte[] garbage = Files.readAllBytes(f);
            garbage[garbage.length / 2] ^= 0x55;
            Files.write(f, garbage);
            assertThatThrownBy(() -> s.get(id, d.length)).isInstanceOf(CorruptChunkException.class).hasMessageContaining(id.hex());
            Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertThatThrownBy(() -> s.get(id)).isInstanceOf(CorruptChunkException.class)
                    .hasMessageContaining(id.hex()).hasMessageContaining("unknown compression");
        }
    }

    @Test
    void concurrentWritersNeverCorrupt() throws Exception {
        LocalChunkStore s = new LocalChunkStore(tmp.resolve("s"), ChunkDigest.SHA256);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            chunks.add(data(i, 20_000 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            fs.add(pool.submit(() -> {
                int wrote = 0;
                try (ChunkCodec codec = new ChunkCodec()) {
                    for (byte[] d : chunks) {
                        if (s.put(ChunkDigest.SHA256.of(d), codec.compress(Compression.ZSTD, d, 0, d.length), Compression.ZSTD)) {
                            wrote++;
                        }
                    }
                }
                return wrote;
            }));
        }
        int total = 0;
        for (Future<Integer> f : fs) {
            total += f.get();
        }
        pool.shutdown();
        assertThat(total).isBetween(40, 8 * 40);
        assertThat(s.list().count()).isEqualTo(40);
        for (byte[] d : chunks) {
            assertThat(s.get(ChunkDigest.SHA256.of(d))).isEqualTo(d);
        }
        try (var walk = Files.walk(tmp.resolve("s"))) {
            assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void parsesStoreLocations() {
        assertThat(StoreLocation.parse("/srv/x.castr").kind()).isEqualTo(StoreLocation.Kind.LOCAL);
        assertThat(StoreLocation.parse("rel/dir").kind()).isEqualTo(StoreLocation.Kind.LOCAL);
        for (String url : new String[] {"http://h/s", "https://h/s"}) {
            assertThat(StoreLocation.parse(url).open(ChunkDigest.SHA512_256)).isInstanceOf(HttpChunkStore.class)
                    .extracting(ChunkStore::location).isEqualTo(url);
        }
        for (String url : new String[] {"sftp://h/s", "ssh://u@h:2222/s"}) {
            // opening connects nothing yet: the first operation does
            assertThat(StoreLocation.parse(url).open(ChunkDigest.SHA512_256)).isInstanceOf(dev.paddock.core.store.ssh.SftpChunkStore.class)
                    .extracting(ChunkStore::location).isEqualTo(url);
        }
        for (String url : new String[] {"s3://bucket/s", "s3+http://127.0.0.1:9/bucket/s"}) {
            try (ChunkStore s3 = StoreLocation.parse(url).open(ChunkDigest.SHA512_256)) { // sends nothing yet
                assertThat(s3).isInstanceOf(S3ChunkStore.class).extracting(ChunkStore::location).isEqualTo(url);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThatThrownBy(() -> StoreLocation.parse("gopher://x")).hasMessageContaining("unknown URL scheme");
        assertThat(StoreLocation.defaultFor(Path.of("/a/b/img.caidx"), null).text()).isEqualTo("/a/b/default.castr");
        assertThat(StoreLocation.defaultFor(Path.of("/a/b/img.caidx"), "/env/store").text()).isEqualTo("/env/store");
    }

    @Test
    void chunkIdsAreCasyncDigests() {
        // SHA-512/256("abc") and SHA-256("abc") from FIPS 180 examples
        assertThat(ChunkDigest.SHA512_256.of("abc".getBytes()).hex())
                .isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
        assertThat(ChunkDigest.SHA256.of("abc".getBytes()).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ChunkDigest.fromFlags(0xb000000000000000L)).isEqualTo(ChunkDigest.SHA512_256);
        assertThat(ChunkDigest.fromFlags(0x9000000000000000L)).isEqualTo(ChunkDigest.SHA256);
    }

    @Test
    void deleteRemovesEveryCompressionAndReportsTheBytes() throws IOException {
        LocalChunkStore s = new LocalChunkStore(tmp.resolve("s"), ChunkDigest.SHA512_256);
        byte[] d = data(9, 50_000);
        ChunkId id = ChunkDigest.SHA512_256.of(d);
        long expected;
        try (ChunkCodec codec = new ChunkCodec()) {
            byte[] z = codec.compress(Compression.ZSTD, d, 0, d.length);
            s.put(id, z, Compression.ZSTD);
            Files.write(s.pathOf(id, false), d); // the same chunk also stored uncompressed
            expected = z.length + d.length;
        }
        assertThat(s.storedSize(id)).isEqualTo(expected);
        assertThat(s.delete(id)).isEqualTo(expected);
        assertThat(s.has(id)).isFalse();
        assertThat(s.storedSize(id)).isEqualTo(-1);
        assertThat(s.delete(id)).isEqualTo(-1);
        assertThat(s.list().toList()).isEmpty();
    }

    @Test
    void sweepRemovesOnlyStaleTemporariesOfEitherWriter() throws IOException {
        LocalChunkStore s = new LocalChunkStore(tmp.resolve("s"), ChunkDigest.SHA512_256);
        byte[] d = data(11, 40_000);
        ChunkId id = ChunkDigest.SHA512_256.of(d);
        s.put(id, Zstd.compress(d, ChunkCodec.ZSTD_LEVEL), Compression.ZSTD);
        Path dir = s.pathOf(id, true).getParent();
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofHours(2));
        Path ours = stale(dir.resolve(".#" + id.hex() + ".cacnk.3fa9c2.tmp"), 700, old);
        Path casyncs = stale(dir.resolve(".#" + id.hex() + ".cacnk0123456789abcdef"), 300, old);
        Path running = stale(dir.resolve(".#" + id.hex() + ".cacnk.77.tmp"), 50, now);
        Path stranger = stale(dir.resolve("notes.txt"), 10, old);
        Path lookalike = stale(dir.resolve(".#not-a-chunk.tmp"), 10, old);
        Files.createDirectory(dir.resolve(".#" + id.hex() + ".cacnk.aa.tmp"));
        Instant cutoff = now.minus(Duration.ofHours(1));

        assertThat(s.sweepTemporaries(cutoff, true)).isEqualTo(new TempSweep(2, 1000));
        assertThat(ours).exists();
        assertThat(casyncs).exists();

        assertThat(s.sweepTemporaries(cutoff, false)).isEqualTo(new TempSweep(2, 1000));
        assertThat(ours).doesNotExist();
        assertThat(casyncs).doesNotExist();
        assertThat(running).exists();
        assertThat(stranger).exists();
        assertThat(lookalike).exists();
        assertThat(dir.resolve(".#" + id.hex() + ".cacnk.aa.tmp")).isDirectory();
        assertThat(s.get(id)).isEqualTo(d);
        assertThat(s.list().toList()).containsExactly(id);
        assertThat(s.sweepTemporaries(cutoff, false)).isEqualTo(TempSweep.NONE);
    }

    @Test
    void wrappersHandTheSweepToTheStoreBehind() throws IOException {
        LocalChunkStore local = new LocalChunkStore(tmp.resolve("s"), ChunkDigest.SHA512_256);
        Path dir = Files.createDirectories(tmp.resolve("s").resolve("abcd"));
        Path left = stale(dir.resolve(".#abcd" + "0".repeat(60) + ".cacnk.9.tmp"), 123, Instant.now().minus(Duration.ofDays(2)));
        try (ChunkStore wrapped = CacheStore.reading(local, tmp.resolve("cache"), ChunkDigest.SHA512_256, new TransferStats())) {
            assertThat(wrapped).isInstanceOf(CacheStore.class);
            assertThat(wrapped.sweepTemporaries(Instant.now().minus(Duration.ofHours(1)), false)).isEqualTo(new TempSweep(1, 123));
        }
        assertThat(left).doesNotExist();
    }

    @Test
    void oneInventoryOfAChainHoldsEveryMembersChunksAndTemporaries() throws IOException {
        LocalChunkStore a = new LocalChunkStore(tmp.resolve("a"), ChunkDigest.SHA512_256);
        LocalChunkStore b = new LocalChunkStore(tmp.resolve("b"), ChunkDigest.SHA512_256);
        byte[] one = "one".getBytes(), two = "two".getBytes();
        ChunkId idOne = ChunkDigest.SHA512_256.of(one), idTwo = ChunkDigest.SHA512_256.of(two);
        a.put(idOne, one, Compression.NONE);
        b.put(idOne, one, Compression.NONE);
        b.put(idTwo, two, Compression.NONE);
        Instant old = Instant.now().minus(Duration.ofDays(2));
        Path leftInA = stale(Files.createDirectories(tmp.resolve("a/0000")).resolve(".#" + "0".repeat(64) + ".cacnk.1.tmp"), 10, old);
        Path leftInB = stale(Files.createDirectories(tmp.resolve("b/0000")).resolve(".#" + "0".repeat(64) + ".cacnk0123456789abcdef"), 20, old);
        try (ChunkStore chain = new ChainStore(List.of(CacheStore.reading(a, tmp.resolve("cache"), ChunkDigest.SHA512_256,
                new TransferStats()), b));
             StoreInventory inventory = chain.inventory(Instant.now().minus(Duration.ofHours(1)), true)) {
            assertThat(inventory.ids()).containsExactlyInAnyOrder(idOne, idTwo);
            assertThat(inventory.temporaries()).isEqualTo(new TempSweep(2, 30));
        }
        assertThat(leftInA).as("a dry run").exists();
        assertThat(leftInB).exists();
    }

    private static Path stale(Path p, int size, Instant mtime) throws IOException {
        Files.write(p, new byte[size]);
        Files.setLastModifiedTime(p, FileTime.from(mtime));
        return p;
    }
}
