package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** paddock image end to end, with casync as the oracle where it applies. */
class ImageCommandTest {
    @TempDir
    Path tmp;

    /**
     * Copies of system directories hold symlinks to absolute paths outside the temp dir, which JUnit
     * warns about when it cleans up; remove the tree here (never following a link) so it need not.
     */
    @org.junit.jupiter.api.AfterEach
    void removeTree() throws java.io.IOException {
        try (var entries = java.nio.file.Files.list(tmp)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                try (var walk = java.nio.file.Files.walk(p)) {
                    for (Path q : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        java.nio.file.Files.delete(q);
                    }
                }
            }
        }
    }

    record Result(int exit, String out, String err) {}

    /** Runs {@code paddock ARGS} in-process, capturing stdout and stderr. */
    static synchronized Result paddock(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(null, args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Result ok(String... args) {
        Result r = paddock(args);
        assertThat(r.exit()).as("paddock %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    static long json(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Long.parseLong(m.group(1));
    }

    static Map<String, String> storeTree(Path store) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(store)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(store.relativize(p).toString(), ChunkDigest.SHA256.of(Files.readAllBytes(p)).hex());
            }
        }
        return files;
    }

    static long chunkFiles(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cacnk")).count();
        }
    }

    /** A tree of many ordinary files of mixed sizes; deterministic per seed. */
    static Path plainTree(Path root, int files, long seed) throws IOException {
        Random r = new Random(seed);
        for (int i = 0; i < files; i++) {
            Path f = root.resolve("d" + (i % 17)).resolve("f" + i + ".dat");
            Files.createDirectories(f.getParent());
            byte[] b = new byte[r.nextInt(5) == 0 ? 100_000 + r.nextInt(300_000) : r.nextInt(20_000)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) (r.nextInt(40) + ' ');
            }
            Files.write(f, b);
        }
        return root;
    }

    @Test
    void caidxIsByteIdenticalToCasyncAndInteroperates() throws IOException {
        Prereqs.requireTool("casync");
        Prereqs.requireRoot();
        Path tree = CatarFixtures.build(tmp.resolve("tree"), CatarFixtures.Options.all(), 7);
        plainTree(tree.resolve("plain"), 60, 1);
        Path p = tmp.resolve("p.caidx"), c = tmp.resolve("c.caidx");
        ok("image", "make", "-q", "--store=" + tmp.resolve("p.castr"), p.toString(), tree.toString());
        Run.ok("casync", "make", "--store=" + tmp.resolve("c.castr"), c.toString(), tree.toString());
        assertThat(Files.readAllBytes(p)).isEqualTo(Files.readAllBytes(c));
        assertThat(storeTree(tmp.resolve("p.castr"))).isEqualTo(storeTree(tmp.resolve("c.castr")));

        String store = "--store=" + tmp.resolve("p.castr");
        assertThat(ok("image", "list", store, p.toString()).out()).isEqualTo(Run.ok("casync", "list", store, p.toString()).out());
        assertThat(ok("image", "mtree", store, p.toString()).out()).isEqualTo(Run.ok("casync", "mtree", store, p.toString()).out());
        assertThat(ok("image", "digest", store, p.toString()).out()).isEqualTo(Run.ok("casync", "digest", store, p.toString()).out());

        Path byCasync = tmp.resolve("x-casync"), byPaddock = tmp.resolve("x-paddock");
        Run.ok("casync", "extract", store, p.toString(), byCasync.toString());
        ok("image", "extract", "-q", "--store=" + tmp.resolve("c.castr"), c.toString(), byPaddock.toString());
        String expected = Run.ok("casync", "mtree", tree.toString()).out();
        assertThat(Run.ok("casync", "mtree", byCasync.toString()).out()).isEqualTo(expected);
        assertThat(Run.ok("casync", "mtree", byPaddock.toString()).out()).isEqualTo(expected);
    }

    @Test
    void realSystemDirectoryCopyOver100MB() throws IOException {
        Prereqs.requireTool("casync");
        Path tree = tmp.resolve("share");
        Files.createDirectories(tree);
        long total = 0;
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/usr/share"))) {
            sources.addAll(s.sorted().toList());
        }
        for (Path src : sources) {
            if (total >= 110L << 20) {
                break;
            }
            Run.ok("cp", "-a", src.toString(), tree.toString());
            total = Long.parseLong(Run.ok("du", "-sb", tree.toString()).out().split("\\s+")[0]);
        }
        assertThat(total).isGreaterThanOrEqualTo(100L << 20);
        Path p = tmp.resolve("p.caidx"), c = tmp.resolve("c.caidx");
        ok("image", "make", "-q", "--store=" + tmp.resolve("p.castr"), p.toString(), tree.toString());
        Run.ok("casync", "make", "--store=" + tmp.resolve("c.castr"), c.toString(), tree.toString());
        assertThat(Files.mismatch(p, c)).isEqualTo(-1L);
        assertThat(storeTree(tmp.resolve("p.castr"))).isEqualTo(storeTree(tmp.resolve("c.castr")));
        Path out = tmp.resolve("out");
        ok("image", "extract", "-q", "--store=" + tmp.resolve("c.castr"), c.toString(), out.toString());
        assertThat(Run.ok("casync", "mtree", out.toString()).out()).isEqualTo(Run.ok("casync", "mtree", tree.toString()).out());
    }

    @Test
    void blobInteropThroughTheCli() throws IOException {
        Prereqs.requireTool("casync");
        Path file = tmp.resolve("blob.bin");
        byte[] b = new byte[2_500_000];
        new Random(5).nextBytes(b);
        Files.write(file, b);
        Run.ok("casync", "make", "--store=" + tmp.resolve("c.castr"), tmp.resolve("c.caibx").toString(), file.toString());
        ok("image", "extract", "-q", "--store=" + tmp.resolve("c.castr"), tmp.resolve("c.caibx").toString(), tmp.resolve("out1").toString());
        assertThat(Files.mismatch(tmp.resolve("out1"), file)).isEqualTo(-1L);
        ok("image", "make", "-q", "--store=" + tmp.resolve("p.castr"), tmp.resolve("p.caibx").toString(), file.toString());
        Run.ok("casync", "extract", "--store=" + tmp.resolve("p.castr"), tmp.resolve("p.caibx").toString(), tmp.resolve("out2").toString());
        assertThat(Files.mismatch(tmp.resolve("out2"), file)).isEqualTo(-1L);
        assertThat(Files.mismatch(tmp.resolve("p.caibx"), tmp.resolve("c.caibx"))).isEqualTo(-1L);
    }

    @Test
    void remakeAfterSmallChangeWritesOnlyNewChunksAndReportsReuse() throws IOException {
        Path tree = plainTree(tmp.resolve("tree"), 400, 3);
        Path store = tmp.resolve("s.castr");
        Result v1 = ok("image", "make", "--json", "--store=" + store, tmp.resolve("v1.caidx").toString(), tree.toString());
        long files1 = chunkFiles(store);
        assertThat(json(v1.out(), "written")).isEqualTo(files1);
        assertThat(json(v1.out(), "reused") + json(v1.out(), "written")).isEqualTo(json(v1.out(), "chunks"));

        // 1% of the files get 9 bytes appended
        for (int i = 0; i < 4; i++) {
            Files.writeString(tree.resolve("d" + (i * 100 % 17)).resolve("f" + (i * 100) + ".dat"), "appended!", StandardOpenOption.APPEND);
        }
        Result v2 = ok("image", "make", "--json", "--store=" + store, tmp.resolve("v2.caidx").toString(), tree.toString());
        long files2 = chunkFiles(store);
        long written = json(v2.out(), "written");
        assertThat(written).isEqualTo(files2 - files1).isPositive();
        assertThat(written).isLessThan(json(v2.out(), "chunks") / 3);
        assertThat(json(v2.out(), "reused")).isEqualTo(json(v2.out(), "chunks") - written);

        // text form and a no-change re-make
        Result again = ok("image", "make", "--store=" + store, tmp.resolve("v3.caidx").toString(), tree.toString());
        assertThat(again.out()).matches("Reused (\\d+) of \\1 chunks \\(100\\.0%\\), wrote 0 new chunks \\(0\\.0 MB compressed\\)\\n");
        assertThat(chunkFiles(store)).isEqualTo(files2);

        Result diff = ok("image", "diff", "--json", "--store=" + store, tmp.resolve("v1.caidx").toString(), tmp.resolve("v2.caidx").toString());
        assertThat(json(diff.out(), "newOnlyChunks")).isEqualTo(written);
        Result info = ok("image", "info", "--json", "--store=" + store, tmp.resolve("v2.caidx").toString());
        assertThat(json(info.out(), "chunks")).isEqualTo(json(v2.out(), "chunks"));
        assertThat(json(info.out(), "missingChunks")).isZero();
        assertThat(info.out()).contains("\"featureFlags\":\"0xb0000001ffeffe26\"");
    }

    @Test
    void makeCacheIsKeptPerSourceAndStoreAndNeverChangesTheIndex() throws Exception {
        Path tree = plainTree(tmp.resolve("tree"), 200, 5);
        Path store = tmp.resolve("s.castr");
        Path cacheDir = Path.of(System.getenv("XDG_CACHE_HOME"), "paddock", "make");
        Set<Path> before = cacheFiles(cacheDir);
        // files changed within 2 s before a make are not trusted to the cache, counted in whole seconds
        // (a ctime in the second two before the make's start already is): let these age past that
        Thread.sleep(3_100);
        Result v1 = ok("image", "make", "--json", "--store=" + store, tmp.resolve("v1.caidx").toString(), tree.toString());
        assertThat(json(v1.out(), "fromCache")).isZero();
        Set<Path> made = cacheFiles(cacheDir);
        made.removeAll(before);
        assertThat(made).hasSize(1);

        Files.writeString(tree.resolve("d3").resolve("f3.dat"), "appended!", StandardOpenOption.APPEND);
        Result v2 = ok("image", "make", "--json", "--store=" + store, tmp.resolve("v2.caidx").toString(), tree.toString());
        assertThat(json(v2.out(), "fromCache")).isPositive().isGreaterThan(json(v2.out(), "chunks") / 2);
        ok("image", "make", "-q", "--no-cache", "--store=" + store, tmp.resolve("v2-plain.caidx").toString(), tree.toString());
        assertThat(Files.mismatch(tmp.resolve("v2.caidx"), tmp.resolve("v2-plain.caidx"))).isEqualTo(-1L);

        // an explicit cache file, and --no-cache, leave the default one alone
        Path own = tmp.resolve("own.cache");
        ok("image", "make", "-q", "--cache=" + own, "--store=" + store, tmp.resolve("v3.caidx").toString(), tree.toString());
        assertThat(own).isRegularFile();
        Set<Path> after = cacheFiles(cacheDir);
        after.removeAll(before);
        assertThat(after).isEqualTo(made);

        Result both = paddock("image", "make", "--cache=" + own, "--no-cache", "--store=" + store, tmp.resolve("v4.caidx").toString(), tree.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--cache and --no-cache exclude each other");

        // a damaged cache: a one-line warning, the same index, and a fresh cache afterwards
        Files.write(own, new byte[] {1, 2, 3});
        Result damaged = ok("image", "make", "--json", "--cache=" + own, "--store=" + store, tmp.resolve("v5.caidx").toString(), tree.toString());
        assertThat(damaged.err()).contains(own + ": not a paddock make cache; making without it");
        assertThat(Files.mismatch(tmp.resolve("v5.caidx"), tmp.resolve("v2.caidx"))).isEqualTo(-1L);
        assertThat(Files.size(own)).isGreaterThan(100);
    }

    private static Set<Path> cacheFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new java.util.HashSet<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    @Test
    void concurrentMakesIntoOneStoreNeverCorruptIt() throws Exception {
        Path store = tmp.resolve("s.castr");
        List<Path> trees = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // overlapping content: every tree shares seed 10's files
            Path t = plainTree(tmp.resolve("t" + i), 120, 10);
            plainTree(t.resolve("own"), 30, 100 + i);
            trees.add(t);
        }
        // two separate processes and four threads write into the same store at the same time
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            procs.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.paddock.cli.Main", "image", "make", "-q",
                    "--store=" + store, tmp.resolve("proc" + i + ".caidx").toString(), trees.get(i).toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("proc" + i + ".log").toFile()).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            fs.add(pool.submit(() -> Main.run(null, "image", "make", "-q", "--store=" + store,
                    tmp.resolve("i" + n + ".caidx").toString(), trees.get(n).toString())));
        }
        for (Future<Integer> f : fs) {
            assertThat(f.get()).isZero();
        }
        pool.shutdown();
        for (int i = 0; i < 2; i++) {
            assertThat(procs.get(i).waitFor()).as(Files.readString(tmp.resolve("proc" + i + ".log"))).isZero();
            assertThat(Files.mismatch(tmp.resolve("proc" + i + ".caidx"), tmp.resolve("i" + i + ".caidx"))).isEqualTo(-1L);
        }
        LocalChunkStore s = new LocalChunkStore(store, ChunkDigest.SHA512_256);
        List<ChunkId> ids = s.list().toList();
        assertThat(ids).isNotEmpty();
        for (ChunkId id : ids) {
            s.get(id); // verifies the digest
        }
        try (Stream<Path> w = Files.walk(store)) {
            assertThat(w.filter(p -> p.getFileName().toString().startsWith(".#")).toList()).isEmpty();
        }
        for (int i = 0; i < 4; i++) {
            Path out = tmp.resolve("o" + i);
            ok("image", "extract", "-q", "--without=privileged", "--store=" + store, tmp.resolve("i" + i + ".caidx").toString(), out.toString());
            assertThat(Run.ok("diff", "-r", out.toString(), trees.get(i).toString()).exit()).isZero();
        }
    }

    private Path someChunk(Path store) throws IOException {
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cacnk")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void corruptOrMissingChunkFailsExtractNamingIt() throws IOException {
        Path tree = plainTree(tmp.resolve("tree"), 50, 4);
        Path store = tmp.resolve("s.castr");
        Path idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + store, idx.toString(), tree.toString());
        Path victim = someChunk(store);
        String id = victim.getFileName().toString().replace(".cacnk", "");
        byte[] good = Files.readAllBytes(victim);
        victim.toFile().setWritable(true);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x40;
        Files.write(victim, bad);
        Path dest = tmp.resolve("dest");
        Result r = paddock("image", "extract", "-q", "--store=" + store, idx.toString(), dest.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image extract: ").contains(id).doesNotContain("\tat ");
        assertThat(dest).doesNotExist();
        assertThat(tmp.toFile().list()).allMatch(n -> !n.startsWith("."));

        Files.delete(victim);
        r = paddock("image", "extract", "-q", "--store=" + store, idx.toString(), dest.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(id).contains("missing").contains(store.toString());
        assertThat(dest).doesNotExist();

        // the same for a blob
        Path blob = tmp.resolve("b.bin");
        byte[] b = new byte[1_000_000];
        new Random(3).nextBytes(b);
        Files.write(blob, b);
        Path bstore = tmp.resolve("b.castr");
        ok("image", "make", "-q", "--store=" + bstore, tmp.resolve("b.caibx").toString(), blob.toString());
        Path bv = someChunk(bstore);
        Files.delete(bv);
        r = paddock("image", "extract", "-q", "--store=" + bstore, tmp.resolve("b.caibx").toString(), tmp.resolve("b.out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(bv.getFileName().toString().replace(".cacnk", ""));
        assertThat(tmp.resolve("b.out")).doesNotExist();
    }

    @Test
    void clearErrorsForBadInput() throws IOException {
        Path f = tmp.resolve("f.bin");
        Files.write(f, new byte[1000]);
        // an S3 server that is not there (nothing listens on port 1): no index is left behind
        Result r = paddock("image", "make", "--s3-endpoint=http://127.0.0.1:1", "--store=s3://bucket/x", tmp.resolve("x.caibx").toString(),
                f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image make: store s3://bucket/x: ").contains("Connection refused").hasLineCount(1);
        assertThat(tmp.resolve("x.caibx")).doesNotExist();

        r = paddock("image", "make", "--chunk-size=1K:2K", tmp.resolve("x.caibx").toString(), f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("MIN:AVG:MAX");

        r = paddock("image", "make", tmp.resolve("x.tar").toString(), f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown image type");

        Files.write(tmp.resolve("bad.caibx"), new byte[70]);
        r = paddock("image", "extract", tmp.resolve("bad.caibx").toString(), tmp.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.caibx: invalid index at byte 0");

        r = paddock("image", "info", tmp.resolve("missing.caidx").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("missing.caidx").contains("No such file");
    }

    @Test
    void storeFailureDuringMakeFailsCleanly() throws IOException {
        Path tree = plainTree(tmp.resolve("tree"), 40, 6);
        Path notADir = tmp.resolve("store-is-a-file");
        Files.writeString(notADir, "x");
        Result r = paddock("image", "make", "-q", "--store=" + notADir, tmp.resolve("t.caidx").toString(), tree.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image make: ").contains("store-is-a-file").doesNotContain("\tat ");
        assertThat(tmp.resolve("t.caidx")).doesNotExist();
        assertThat(tmp.toFile().list()).allMatch(n -> !n.startsWith("."));
    }

    @Test
    void uidShiftOnExtractUsesTheShiftRule() throws IOException {
        Prereqs.requireRoot();
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("a"), "a");
        Files.writeString(tree.resolve("b"), "b");
        Run.ok("chown", "1000:1001", tree.resolve("a").toString());
        Path store = tmp.resolve("s.castr");
        ok("image", "make", "-q", "--store=" + store, tmp.resolve("t.caidx").toString(), tree.toString());
        Path out = tmp.resolve("out");
        ok("image", "extract", "-q", "--uid-shift=0x30000", "--uid-range=65536", "--store=" + store, tmp.resolve("t.caidx").toString(), out.toString());
        assertThat(Run.ok("stat", "-c", "%u:%g", out.resolve("a").toString()).out().trim()).isEqualTo((0x30000 + 1000) + ":" + (0x30000 + 1001));
        assertThat(Run.ok("stat", "-c", "%u:%g", out.resolve("b").toString()).out().trim()).isEqualTo(0x30000 + ":" + 0x30000);
        assertThat(Run.ok("stat", "-c", "%u:%g", out.toString()).out().trim()).isEqualTo(0x30000 + ":" + 0x30000);

        // an id outside the range is refused, and nothing is left behind
        Run.ok("chown", "70000", tree.resolve("b").toString());
        ok("image", "make", "-q", "--store=" + store, tmp.resolve("u.caidx").toString(), tree.toString());
        Result r = paddock("image", "extract", "-q", "--uid-shift=0x30000", "--uid-range=65536", "--store=" + store,
                tmp.resolve("u.caidx").toString(), tmp.resolve("out2").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(tmp.resolve("out2")).doesNotExist();
    }
}
