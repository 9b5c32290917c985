package dev.paddock.cli;

import static dev.paddock.cli.ImageCommandTest.chunkFiles;
import static dev.paddock.cli.ImageCommandTest.json;
import static dev.paddock.cli.ImageCommandTest.ok;
import static dev.paddock.cli.ImageCommandTest.paddock;
import static dev.paddock.cli.ImageCommandTest.plainTree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.cli.ImageCommandTest.Result;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.TreeSnapshot;

/**
 * {@code image extract --seed}: v2 of an image is extracted from a store that holds only the chunks v1
 * lacks, the rest coming from v1's tree or file as a seed; casync does the same with the same inputs.
 */
class ImageSeedTest {
    @TempDir
    Path tmp;

    @AfterEach
    void removeTree() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                if (!p.equals(tmp)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** v1 and v2 trees (v2: 1% of the files changed), v2.caidx in a store holding only what v1's chunks lack. */
    private Path[] treeVersions() throws IOException {
        Path v1 = plainTree(tmp.resolve("v1"), 400, 11);
        Path v2 = tmp.resolve("v2");
        Run.ok("cp", "-a", v1.toString(), v2.toString());
        for (int i = 0; i < 4; i++) {
            Files.writeString(v2.resolve("d" + (i * 100 % 17)).resolve("f" + (i * 100) + ".dat"), "changed in v2", StandardOpenOption.APPEND);
        }
        Path s1 = tmp.resolve("s1.castr"), s2 = tmp.resolve("s2.castr");
        ok("image", "make", "-q", "--store=" + s1, tmp.resolve("v1.caidx").toString(), v1.toString());
        ok("image", "make", "-q", "--store=" + s2, tmp.resolve("v2.caidx").toString(), v2.toString());
        onlyNewChunks(s1, s2);
        return new Path[] {v1, v2, s2, tmp.resolve("v2.caidx")};
    }

    /** Deletes from {@code s2} every chunk {@code s1} holds; returns how many are left. */
    private static long onlyNewChunks(Path s1, Path s2) throws IOException {
        long before = chunkFiles(s2);
        try (Stream<Path> walk = Files.walk(s1)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Files.deleteIfExists(s2.resolve(s1.relativize(p)));
            }
        }
        long after = chunkFiles(s2);
        assertThat(after).isPositive().isLessThan(before / 5);
        return after;
    }

    private static String mtree(Path dir) {
        return ok("image", "mtree", dir.toString()).out();
    }

    private void assertNoTempFiles() {
        assertThat(tmp.toFile().list()).allMatch(n -> !n.startsWith("."));
    }

    @Test
    void treeSeedSuppliesWhatTheStoreLacks() throws IOException {
        Path[] v = treeVersions();
        Path v1 = v[0], v2 = v[1], store = v[2], idx = v[3];
        Path dest = tmp.resolve("dest");

        Result missing = paddock("image", "extract", "-q", "--store=" + store, idx.toString(), dest.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("paddock image extract: chunk ").contains("missing").doesNotContain("\n\t");
        assertThat(dest).doesNotExist();
        assertNoTempFiles();

        Result r = ok("image", "extract", "--json", "--store=" + store, "--seed=" + v1, idx.toString(), dest.toString());
        assertThat(mtree(dest)).isEqualTo(mtree(v2));
        assertThat(TreeSnapshot.take(dest).withoutCtime()).isEqualTo(TreeSnapshot.take(v2).withoutCtime());
        long chunks = json(r.out(), "chunks"), seed = json(r.out(), "seedChunks"), fromStore = json(r.out(), "storeChunks");
        assertThat(seed + fromStore).isEqualTo(chunks);
        assertThat(fromStore).isGreaterThanOrEqualTo(chunkFiles(store)).isLessThan(chunks / 5);
        assertThat(json(r.out(), "seedBytes") + json(r.out(), "storeBytes")).isEqualTo(json(r.out(), "bytes"));
        assertThat(json(r.out(), "cacheChunks")).isZero();
        assertNoTempFiles();

        // text summary, with several seeds (an unrelated one first) and a cache in front
        Path other = plainTree(tmp.resolve("other"), 20, 99);
        Path cache = tmp.resolve("cache");
        Path dest2 = tmp.resolve("dest2");
        Result text = ok("image", "extract", "--store=" + store, "--cache=" + cache, "--seed=" + other, "--seed=" + v1,
                idx.toString(), dest2.toString());
        assertThat(text.out()).matches("Extracted " + chunks + " chunks \\([0-9.]+ MB\\): 0 from cache \\(0\\.0 MB\\), "
                + seed + " from seed \\([0-9.]+ MB\\), " + fromStore + " from store \\([0-9.]+ MB\\); [0-9.]+ MB/s\\n");
        assertThat(mtree(dest2)).isEqualTo(mtree(v2));
        // seed chunks are local already: only the fetched ones go into the cache; a cached chunk is not sought in seeds
        assertThat(chunkFiles(cache)).isEqualTo(chunkFiles(store));
        Path dest3 = tmp.resolve("dest3");
        Result cached = ok("image", "extract", "--json", "--store=" + store, "--cache=" + cache, "--seed=" + v1,
                idx.toString(), dest3.toString());
        assertThat(json(cached.out(), "cacheChunks")).isEqualTo(fromStore);
        assertThat(json(cached.out(), "seedChunks")).isEqualTo(seed);
        assertThat(json(cached.out(), "storeChunks")).isZero();
        assertNoTempFiles();
    }

    @Test
    void badSeedsFailInOneLineAndWriteNothing() throws IOException {
        Path[] v = treeVersions();
        Path dest = tmp.resolve("dest");
        Path absent = tmp.resolve("no-such-seed");
        Result r = paddock("image", "extract", "-q", "--store=" + v[2], "--seed=" + v[0], "--seed=" + absent,
                v[3].toString(), dest.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paddock image extract: " + absent + ": seed does not exist\n");
        assertThat(dest).doesNotExist();
        assertNoTempFiles();

        Result device = paddock("image", "extract", "-q", "--store=" + v[2], "--seed=/dev/zero", v[3].toString(), dest.toString());
        assertThat(device.exit()).isEqualTo(1);
        assertThat(device.err()).isEqualTo("paddock image extract: /dev/zero: seed is neither a directory, a regular file nor a block device\n");
        assertThat(dest).doesNotExist();

        Result bad = paddock("image", "extract", "-q", "--store=" + v[2], "--seed-output=maybe", v[3].toString(), dest.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--seed-output").contains("maybe");
        assertThat(dest).doesNotExist();
    }

    /** v1 and v2 blobs (v2: a changed region), v2.caibx in a store holding only what v1 lacks. */
    private Path[] blobVersions() throws IOException {
        byte[] b1 = new byte[3_000_000];
        new Random(21).nextBytes(b1);
        byte[] b2 = b1.clone();
        Arrays.fill(b2, 1_400_000, 1_470_000, (byte) 7);
        Path v1 = Files.write(tmp.resolve("v1.bin"), b1), v2 = Files.write(tmp.resolve("v2.bin"), b2);
        Path s1 = tmp.resolve("b1.castr"), s2 = tmp.resolve("b2.castr");
        ok("image", "make", "-q", "--store=" + s1, tmp.resolve("v1.caibx").toString(), v1.toString());
        ok("image", "make", "-q", "--store=" + s2, tmp.resolve("v2.caibx").toString(), v2.toString());
        onlyNewChunks(s1, s2);
        return new Path[] {v1, v2, s2, tmp.resolve("v2.caibx")};
    }

    @Test
    void fileSeedAndExistingOutputSupplyWhatTheStoreLacks() throws IOException {
        Path[] v = blobVersions();
        Path v1 = v[0], v2 = v[1], store = v[2], idx = v[3];
        Path out = tmp.resolve("out.bin");

        Result missing = paddock("image", "extract", "-q", "--store=" + store, idx.toString(), out.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("missing");
        assertThat(out).doesNotExist();
        assertNoTempFiles();

        Result r = ok("image", "extract", "--json", "--store=" + store, "--seed=" + v1, idx.toString(), out.toString());
        assertThat(Files.mismatch(out, v2)).isEqualTo(-1L);
        long chunks = json(r.out(), "chunks"), seed = json(r.out(), "seedChunks"), fromStore = json(r.out(), "storeChunks");
        assertThat(seed + fromStore).isEqualTo(chunks);
        assertThat(fromStore).isEqualTo(chunkFiles(store)).isPositive();
        assertThat(seed).isGreaterThan(fromStore);
        assertNoTempFiles();

        // an existing DEST is a seed by default (casync's --seed-output) and is replaced only when complete
        Path existing = tmp.resolve("existing.bin");
        Files.copy(v1, existing);
        Result refused = paddock("image", "extract", "-q", "--seed-output=no", "--store=" + store, idx.toString(), existing.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(Files.mismatch(existing, v1)).as("a failed extract leaves DEST as it was").isEqualTo(-1L);
        Result again = ok("image", "extract", "--json", "--store=" + store, idx.toString(), existing.toString());
        assertThat(Files.mismatch(existing, v2)).isEqualTo(-1L);
        assertThat(json(again.out(), "seedChunks")).isEqualTo(seed);
        assertNoTempFiles();
    }

    @Test
    void aBlockDeviceDestSeedsItsOwnInPlaceUpdate() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("losetup");
        int size = 4 << 20;
        byte[] b1 = new byte[size];
        new Random(31).nextBytes(b1);
        byte[] changed = b1.clone();
        Arrays.fill(changed, 2_000_000, 2_060_000, (byte) 3);
        // shifted: 20000 new bytes at 100000, the tail cut to keep the size; a seed chunk read after the
        // extract overwrote its region must fail its digest and come from the store
        byte[] shifted = new byte[size];
        System.arraycopy(b1, 0, shifted, 0, 100_000);
        Arrays.fill(shifted, 100_000, 120_000, (byte) 9);
        System.arraycopy(b1, 100_000, shifted, 120_000, size - 120_000);

        Path v1 = Files.write(tmp.resolve("v1.bin"), b1);
        Path s1 = tmp.resolve("d1.castr");
        ok("image", "make", "-q", "--store=" + s1, tmp.resolve("v1.caibx").toString(), v1.toString());
        Path backing = Files.write(tmp.resolve("loop.img"), b1);
        String dev = Run.ok("losetup", "--find", "--show", backing.toString()).out().trim();
        try {
            // only the new chunks in the store: the rest must come from the device itself
            Path s2 = tmp.resolve("d2.castr");
            Path changedIdx = tmp.resolve("changed.caibx");
            ok("image", "make", "-q", "--store=" + s2, changedIdx.toString(), Files.write(tmp.resolve("changed.bin"), changed).toString());
            onlyNewChunks(s1, s2);
            Result r = ok("image", "extract", "--json", "--store=" + s2, changedIdx.toString(), dev);
            assertThat(readDevice(dev, size)).isEqualTo(changed);
            assertThat(json(r.out(), "seedChunks")).isPositive();
            assertThat(json(r.out(), "storeChunks")).isEqualTo(chunkFiles(s2));

            // a full store and a shifted image: whatever the seed offers, DEST ends up exactly v2
            Path s3 = tmp.resolve("d3.castr");
            Path shiftedIdx = tmp.resolve("shifted.caibx");
            ok("image", "make", "-q", "--store=" + s3, shiftedIdx.toString(), Files.write(tmp.resolve("shifted.bin"), shifted).toString());
            Result r2 = ok("image", "extract", "--json", "--store=" + s3, shiftedIdx.toString(), dev);
            assertThat(readDevice(dev, size)).isEqualTo(shifted);
            assertThat(json(r2.out(), "seedChunks") + json(r2.out(), "storeChunks")).isEqualTo(json(r2.out(), "chunks"));
        } finally {
            Run.ok("losetup", "-d", dev);
        }
    }

    private static byte[] readDevice(String dev, int size) throws IOException {
        try (var in = Files.newInputStream(Path.of(dev))) {
            return in.readNBytes(size);
        }
    }

    @Test
    void casyncExtractsTheSameImagesWithTheSameSeeds() throws IOException {
        Prereqs.requireTool("casync");
        Path[] t = treeVersions();
        Path byCasync = tmp.resolve("casync-tree");
        Run.ok("casync", "extract", "--store=" + t[2], "--seed=" + t[0], t[3].toString(), byCasync.toString());
        Path byPaddock = tmp.resolve("paddock-tree");
        ok("image", "extract", "-q", "--store=" + t[2], "--seed=" + t[0], t[3].toString(), byPaddock.toString());
        String expected = Run.ok("casync", "mtree", t[1].toString()).out();
        assertThat(Run.ok("casync", "mtree", byCasync.toString()).out()).isEqualTo(expected);
        assertThat(Run.ok("casync", "mtree", byPaddock.toString()).out()).isEqualTo(expected);

        Path[] b = blobVersions();
        Path blobByCasync = tmp.resolve("casync.bin");
        Run.ok("casync", "extract", "--store=" + b[2], "--seed=" + b[0], b[3].toString(), blobByCasync.toString());
        assertThat(Files.mismatch(blobByCasync, b[1])).isEqualTo(-1L);
    }
}
