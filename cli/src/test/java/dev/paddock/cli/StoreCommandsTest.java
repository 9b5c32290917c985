package dev.paddock.cli;

import static dev.paddock.cli.ImageCommandTest.chunkFiles;
import static dev.paddock.cli.ImageCommandTest.json;
import static dev.paddock.cli.ImageCommandTest.ok;
import static dev.paddock.cli.ImageCommandTest.paddock;
import static dev.paddock.cli.ImageCommandTest.plainTree;
import static dev.paddock.cli.ImageCommandTest.storeTree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.cli.ImageCommandTest.Result;
import dev.paddock.core.image.index.ChunkRefs;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.ChunkId;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** paddock store gc/verify/push/pull on real stores, with casync reading the results. */
class StoreCommandsTest {
    @TempDir
    Path tmp;

    private static Set<String> chunkNames(Path store) throws IOException {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(store)) {
            return names;
        }
        try (Stream<Path> s = Files.walk(store)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(store.relativize(p).toString()));
        }
        return names;
    }

    private static Set<String> refs(Path index) throws IOException {
        Set<String> names = new TreeSet<>();
        for (ChunkId id : ChunkRefs.of(java.util.List.of(IndexReader.read(index))).keySet()) {
            names.add(id.hex().substring(0, 4) + "/" + id.hex() + ".cacnk");
        }
        return names;
    }

    private static Path corrupt(Path chunk) throws IOException {
        byte[] b = Files.readAllBytes(chunk);
        b[b.length / 2] ^= 0x20;
        chunk.toFile().setWritable(true);
        Files.write(chunk, b);
        return chunk;
    }

    private static String idOf(String name) {
        return name.substring(name.indexOf('/') + 1).replace(".cacnk", "");
    }

    @Test
    void gcKeepsExactlyTheReferencedChunksAndMatchesCasyncGc() throws IOException {
        Prereqs.requireTool("casync");
        Path store = tmp.resolve("s.castr");
        Path v1 = tmp.resolve("v1.caidx"), v2 = tmp.resolve("v2.caidx");
        Path t1 = plainTree(tmp.resolve("t1"), 150, 21);
        Path t2 = plainTree(tmp.resolve("t2"), 150, 22);
        ok("image", "make", "-q", "--store=" + store, v1.toString(), t1.toString());
        Run.ok("casync", "make", "--store=" + store, v2.toString(), t2.toString());
        Set<String> before = chunkNames(store);
        Set<String> keep = refs(v2);
        assertThat(before).containsAll(keep).hasSizeGreaterThan(keep.size());
        Run.ok("cp", "-a", store.toString(), tmp.resolve("c.castr").toString());

        Result dry = ok("store", "gc", "--dry-run", "--json", "--store=" + store, v2.toString());
        assertThat(json(dry.out().replace(" ", ""), "removed")).isEqualTo(before.size() - keep.size());
        assertThat(json(dry.out().replace(" ", ""), "removedBytes")).isPositive();
        assertThat(chunkNames(store)).isEqualTo(before);

        Result gc = ok("store", "gc", "--store=" + store, v2.toString());
        assertThat(gc.out()).startsWith("Removed " + (before.size() - keep.size()) + " of " + before.size() + " chunks");
        assertThat(chunkNames(store)).isEqualTo(keep);
        Run.ok("casync", "gc", "--store=" + tmp.resolve("c.castr"), v2.toString());
        assertThat(storeTree(store)).isEqualTo(storeTree(tmp.resolve("c.castr")));

        Path out = tmp.resolve("out");
        Run.ok("casync", "extract", "--store=" + store, v2.toString(), out.toString());
        assertThat(Run.cmd("diff", "-r", out.toString(), t2.toString()).exit()).isZero();
        Result gone = paddock("image", "extract", "-q", "--store=" + store, v1.toString(), tmp.resolve("out1").toString());
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("missing");

        // keeping both images after the fact removes nothing more
        Result again = ok("store", "gc", "--json", "--store=" + store, v2.toString(), v2.toString());
        assertThat(json(again.out().replace(" ", ""), "removed")).isZero();
    }

    @Test
    void gcRemovesTemporariesOfInterruptedWritersOlderThanTheGivenAge() throws IOException {
        Path store = tmp.resolve("s.castr");
        Path idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + store, idx.toString(), plainTree(tmp.resolve("t"), 60, 8).toString());
        Set<String> chunks = chunkNames(store);
        Path dir = store.resolve(chunks.iterator().next()).getParent();
        String id = "cd".repeat(32);
        Path day = dir.resolve(".#" + id + ".cacnk.1.tmp"), hours = dir.resolve(".#" + id + ".cacnk0123456789abcdef");
        Files.write(day, new byte[2_000_000]);
        Files.setLastModifiedTime(day, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Files.write(hours, new byte[500_000]);
        Files.setLastModifiedTime(hours, FileTime.from(Instant.now().minus(Duration.ofHours(3))));

        Result dry = ok("store", "gc", "-n", "--temp-age=2h", "--store=" + store, idx.toString());
        assertThat(dry.out()).isEqualTo("Would remove 0 of " + chunks.size() + " chunks (0.0 MB), kept " + chunks.size() + "\n"
                + "Would remove 2 temporary files left by interrupted writers (2.5 MB)\n");
        assertThat(day).exists();

        Result gc = ok("store", "gc", "--temp-age=12h", "--store=" + store, idx.toString());
        assertThat(gc.out()).endsWith("\nRemoved 1 temporary files left by interrupted writers (2.0 MB)\n");
        assertThat(day).doesNotExist();
        assertThat(hours).exists();
        assertThat(ok("store", "gc", "--store=" + store, idx.toString()).out()).contains("Removed 1 temporary files");
        assertThat(chunkNames(store)).isEqualTo(chunks);
        assertThat(ok("store", "verify", "--store=" + store, idx.toString()).out()).contains(", 0 corrupt, 0 missing");

        Result bad = paddock("store", "gc", "--temp-age=soon", "--store=" + store, idx.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("paddock store gc: ").contains("'soon' is not an age such as 90s, 30m, 1h or 2d");
    }

    @Test
    void verifyReportsCorruptAndMissingByIdAndRepairDeletesCorrupt() throws IOException {
        Path store = tmp.resolve("s.castr");
        Path idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + store, idx.toString(), plainTree(tmp.resolve("t"), 120, 5).toString());
        Result clean = ok("store", "verify", "--store=" + store, idx.toString());
        assertThat(clean.out()).matches("Checked (\\d+) chunks: \\1 good, 0 corrupt, 0 missing\\n");

        String[] names = chunkNames(store).toArray(new String[0]);
        String bad = names[0], gone = names[names.length - 1];
        corrupt(store.resolve(bad));
        Files.delete(store.resolve(gone));

        Result r = paddock("store", "verify", "--json", "--store=" + store, idx.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paddock store verify: 1 corrupt and 1 missing chunks\n");
        String j = r.out().replace(" ", "").replace("\n", "");
        assertThat(j).contains("\"corrupt\":[\"" + idOf(bad) + "\"]").contains("\"missing\":[\"" + idOf(gone) + "\"]")
                .contains("\"good\":" + (names.length - 2));

        // the whole store: the deleted chunk is simply not there, the corrupt one is found
        r = paddock("store", "verify", "--store=" + store);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("corrupt " + idOf(bad) + ": chunk " + idOf(bad)).contains(", 1 corrupt, 0 missing");

        r = paddock("store", "verify", "--repair", "--store=" + store);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("1 corrupt (1 deleted)");
        assertThat(store.resolve(bad)).doesNotExist();
        assertThat(ok("store", "verify", "--store=" + store).out()).contains(", 0 corrupt, 0 missing");

        // a make after the repair stores the chunks again, and the image verifies
        ok("image", "make", "-q", "--store=" + store, tmp.resolve("again.caidx").toString(), tmp.resolve("t").toString());
        ok("store", "verify", "--store=" + store, idx.toString());
    }

    @Test
    void pushCopiesOnlyWhatIsMissingAndCasyncReadsTheResult() throws IOException {
        Prereqs.requireTool("casync");
        Path src = tmp.resolve("src.castr"), dst = tmp.resolve("dst.castr");
        Path tree = plainTree(tmp.resolve("t"), 200, 8);
        Path idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + src, idx.toString(), tree.toString());
        long total = refs(idx).size();

        Result r = ok("store", "push", "--json", "--concurrency=4", "--from=" + src, "--to=" + dst, idx.toString());
        String j = r.out().replace(" ", "");
        assertThat(json(j, "copied")).isEqualTo(total);
        assertThat(json(j, "present")).isZero();
        assertThat(chunkNames(dst)).isEqualTo(refs(idx));
        assertThat(storeTree(dst)).isEqualTo(storeTree(src));
        Path out = tmp.resolve("out");
        Run.ok("casync", "extract", "--store=" + dst, idx.toString(), out.toString());
        assertThat(Run.cmd("diff", "-r", out.toString(), tree.toString()).exit()).isZero();

        // a second image sharing most chunks: only the new ones travel
        Files.writeString(tree.resolve("d0").resolve("f0.dat"), "changed", java.nio.file.StandardOpenOption.APPEND);
        Path idx2 = tmp.resolve("t2.caidx");
        Run.ok("casync", "make", "--store=" + src, idx2.toString(), tree.toString());
        r = ok("store", "pull", "--from=" + src, "--to=" + dst, idx2.toString());
        Set<String> old = refs(idx);
        long fresh = refs(idx2).stream().filter(n -> !old.contains(n)).count();
        assertThat(fresh).isPositive();
        assertThat(r.out()).startsWith("Copied " + fresh + " of " + refs(idx2).size() + " chunks");
        assertThat(chunkFiles(dst)).isEqualTo(total + fresh);
        ok("image", "extract", "-q", "--without=privileged", "--store=" + dst, idx2.toString(), tmp.resolve("out2").toString());
        assertThat(Run.cmd("diff", "-r", tmp.resolve("out2").toString(), tree.toString()).exit()).isZero();
    }

    @Test
    void pushRefusesToSpreadACorruptOrMissingChunk() throws IOException {
        Path src = tmp.resolve("src.castr"), dst = tmp.resolve("dst.castr");
        Path idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + src, idx.toString(), plainTree(tmp.resolve("t"), 60, 9).toString());
        String bad = chunkNames(src).iterator().next();
        corrupt(src.resolve(bad));
        Result r = paddock("store", "push", "--from=" + src, "--to=" + dst, idx.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock store push: chunk " + idOf(bad)).contains("corrupt").doesNotContain("\tat ");
        assertThat(dst.resolve(bad)).doesNotExist();
        assertThat(chunkNames(dst)).allMatch(n -> !n.contains("/.#"));

        Files.delete(src.resolve(bad));
        r = paddock("store", "push", "--from=" + src, "--to=" + dst, idx.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(idOf(bad)).contains("missing from store " + src);
    }

    @Test
    void usageErrors() throws IOException {
        Path f = tmp.resolve("f.bin");
        Files.write(f, new byte[100_000]);
        Path store = tmp.resolve("s.castr");
        Path idx = tmp.resolve("f.caibx");
        ok("image", "make", "-q", "--store=" + store, idx.toString(), f.toString());

        assertThat(paddock("store", "gc", "--store=" + store).exit()).isEqualTo(2);
        assertThat(paddock("store", "verify").exit()).isEqualTo(2);
        assertThat(paddock("store", "push", "--from=" + store, "--to=" + tmp.resolve("d"), "--concurrency=0", idx.toString()).exit())
                .isEqualTo(2);
        Result r = paddock("store", "gc", "--store=" + store, tmp.resolve("x.tar").toString());
        assertThat(r.exit()).isEqualTo(2);
        r = paddock("store", "push", "--from=" + store, "--to=s3:///x", idx.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paddock store push: store s3:///x: no bucket (use s3://BUCKET/PREFIX)\n");
        r = paddock("store", "push", "--from=" + store, "--to=s3://bucket/x", "--s3-endpoint=ftp://h", idx.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paddock store push: --s3-endpoint ftp://h: not an http:// or https:// URL with a host\n");
        r = paddock("store", "gc", "--store=" + store, tmp.resolve("none.caidx").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock store gc: ").contains("none.caidx");
        assertThat(chunkFiles(store)).isPositive();
    }

    @Test
    void extractThroughAChainTakesBadOrMissingChunksFromTheNextStore() throws IOException {
        Path a = tmp.resolve("a.castr"), b = tmp.resolve("b.castr");
        Path tree = plainTree(tmp.resolve("t"), 120, 31);
        Path idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + a, idx.toString(), tree.toString());
        Run.ok("cp", "-a", a.toString(), b.toString());
        String[] names = chunkNames(a).toArray(new String[0]);
        String bad = names[1], gone = names[names.length - 2];
        corrupt(a.resolve(bad));
        Files.delete(a.resolve(gone));

        Result r = ok("image", "extract", "--json", "--without=privileged", "--store=" + a, "--store=" + b, idx.toString(),
                tmp.resolve("out").toString());
        assertThat(Run.cmd("diff", "-r", tmp.resolve("out").toString(), tree.toString()).exit()).isZero();
        assertThat(json(r.out(), "storeChunks")).isEqualTo(json(r.out(), "chunks"));
        assertThat(json(r.out(), "cacheChunks")).isZero();

        // the same chunk corrupt in every store: the error names it, and no DEST appears
        byte[] goodCopy = Files.readAllBytes(b.resolve(bad));
        corrupt(b.resolve(bad));
        r = paddock("image", "extract", "-q", "--store=" + a, "--store=" + b, idx.toString(), tmp.resolve("out2").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image extract: chunk " + idOf(bad)).contains("corrupt");
        assertThat(tmp.resolve("out2")).doesNotExist();

        // missing everywhere: the error names the chunk and the whole chain (the corrupt one is mended
        // first: push works in parallel and would otherwise report whichever bad chunk it met first)
        Files.write(b.resolve(bad), goodCopy);
        Files.delete(b.resolve(gone));
        r = paddock("store", "push", "--from=" + a, "--from=" + b, "--to=" + tmp.resolve("d.castr"), idx.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(idOf(gone)).contains("missing from store " + a + ", " + b);
    }

    @Test
    void cacheKeepsFetchedChunksAndServesTheNextExtract() throws IOException {
        Path store = tmp.resolve("s.castr"), cache = tmp.resolve("cache");
        Path tree = plainTree(tmp.resolve("t"), 150, 41);
        Path idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + store, idx.toString(), tree.toString());
        long unique = refs(idx).size();

        Result first = ok("image", "extract", "--json", "--without=privileged", "--store=" + store, "--cache=" + cache,
                idx.toString(), tmp.resolve("o1").toString());
        long chunks = json(first.out(), "chunks");
        assertThat(json(first.out(), "cacheChunks") + json(first.out(), "storeChunks")).isEqualTo(chunks);
        assertThat(json(first.out(), "storeChunks")).isGreaterThanOrEqualTo(unique);
        assertThat(json(first.out(), "bytesPerSecond")).isPositive();
        assertThat(chunkNames(cache)).isEqualTo(refs(idx));
        assertThat(storeTree(cache)).isEqualTo(storeTree(store));

        Result second = ok("image", "extract", "--json", "--without=privileged", "--store=" + store, "--cache=" + cache,
                idx.toString(), tmp.resolve("o2").toString());
        assertThat(json(second.out(), "cacheChunks")).isEqualTo(chunks);
        assertThat(json(second.out(), "storeChunks")).isZero();
        assertThat(json(second.out(), "storeBytes")).isZero();
        assertThat(Run.cmd("diff", "-r", tmp.resolve("o2").toString(), tree.toString()).exit()).isZero();

        // a corrupt cached chunk is fetched again and the cache repaired
        String bad = chunkNames(cache).iterator().next();
        corrupt(cache.resolve(bad));
        Result third = ok("image", "extract", "--without=privileged", "--store=" + store, "--cache=" + cache,
                idx.toString(), tmp.resolve("o3").toString());
        assertThat(third.out()).matches("Extracted \\d+ chunks \\([0-9.]+ MB\\): \\d+ from cache \\([0-9.]+ MB\\), 0 from seed \\(0\\.0 MB\\), [1-9]\\d* from store .*\\n");
        assertThat(Run.cmd("diff", "-r", tmp.resolve("o3").toString(), tree.toString()).exit()).isZero();
        ok("store", "verify", "--store=" + cache);
        assertThat(storeTree(cache)).isEqualTo(storeTree(store));
    }
}
