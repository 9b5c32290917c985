package dev.paddock.cli;

import static dev.paddock.cli.ImageCommandTest.json;
import static dev.paddock.cli.ImageCommandTest.ok;
import static dev.paddock.cli.ImageCommandTest.paddock;
import static dev.paddock.cli.ImageCommandTest.plainTree;
import static dev.paddock.cli.ImageCommandTest.storeTree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.cli.ImageCommandTest.Result;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.testing.Run;
import dev.paddock.testing.S3Proxy;

/**
 * S3 stores against a real S3 server (s3proxy, its own process on 127.0.0.1). The CLI signs with the
 * identity in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, which the build sets for the test JVM.
 */
class S3StoreTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path shared;

    static S3Proxy server;

    @TempDir
    Path tmp;

    String bucket;
    Path local;
    Path tree;
    Path idx;

    @BeforeAll
    static void serve() throws IOException {
        server = S3Proxy.start(shared.resolve("s3"), identity(), System.getenv("AWS_SECRET_ACCESS_KEY"));
    }

    static String identity() {
        String id = System.getenv("AWS_ACCESS_KEY_ID");
        assertThat(id).as("AWS_ACCESS_KEY_ID (set by the cli module's surefire configuration)").isNotBlank();
        return id;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        bucket = "bucket-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        local = tmp.resolve("local.castr");
        tree = plainTree(tmp.resolve("t"), 200, 61);
        idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + local, idx.toString(), tree.toString());
    }

    private String store() {
        return "s3://" + bucket + "/s.castr";
    }

    private String endpoint() {
        return "--s3-endpoint=" + server.endpoint();
    }

    private void push() {
        ok("store", "push", endpoint(), "--from=" + local, "--to=" + store(), idx.toString());
    }

    /** The objects under {@code prefix/}, by their path below it, as storeTree shows a directory. */
    private Map<String, String> objectTree(String prefix) {
        Map<String, String> files = new TreeMap<>();
        for (String key : server.keys(bucket, prefix + "/")) {
            files.put(key.substring(prefix.length() + 1), ChunkDigest.SHA256.of(server.read(bucket, key)).hex());
        }
        return files;
    }

    private String someChunkKey(int n) {
        return server.keys(bucket, "s.castr/").stream().filter(k -> k.endsWith(".cacnk")).skip(n).findFirst().orElseThrow();
    }

    private static String idOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1).replace(".cacnk", "");
    }

    private void assertSameTree(Path out) {
        assertThat(Run.cmd("diff", "-r", out.toString(), tree.toString()).exit()).isZero();
    }

    @Test
    void pushExtractPullAndGcOverS3() throws IOException {
        push();
        assertThat(objectTree("s.castr")).isEqualTo(storeTree(local));

        Result r = ok("image", "extract", "--json", "--without=privileged", endpoint(), "--store=" + store(), idx.toString(),
                tmp.resolve("out").toString());
        assertSameTree(tmp.resolve("out"));
        assertThat(json(r.out(), "storeChunks")).isEqualTo(json(r.out(), "chunks"));

        // desync's spelling names the endpoint in the URL itself
        ok("image", "extract", "-q", "--without=privileged", "--store=s3+" + server.endpoint() + "/" + bucket + "/s.castr", idx.toString(),
                tmp.resolve("out2").toString());
        assertSameTree(tmp.resolve("out2"));

        assertThat(json(ok("store", "push", "--json", endpoint(), "--from=" + local, "--to=" + store(), idx.toString()).out().replace(" ", ""),
                "copied")).isZero();
        ok("store", "pull", endpoint(), "--from=" + store(), "--to=" + tmp.resolve("back.castr"), idx.toString());
        assertThat(storeTree(tmp.resolve("back.castr"))).isEqualTo(storeTree(local));

        // a second image's chunks are removed by gc when only the first is kept
        Path tree2 = plainTree(tmp.resolve("t2"), 80, 62);
        Path idx2 = tmp.resolve("t2.caidx");
        ok("image", "make", "-q", "--store=" + local, idx2.toString(), tree2.toString());
        ok("store", "push", endpoint(), "--from=" + local, "--to=" + store(), idx2.toString());
        assertThat(objectTree("s.castr")).isEqualTo(storeTree(local));
        Result gc = ok("store", "gc", "--json", endpoint(), "--store=" + store(), idx.toString());
        assertThat(json(gc.out().replace(" ", ""), "removed")).isPositive();
        ok("store", "gc", "--store=" + local, idx.toString());
        assertThat(objectTree("s.castr")).isEqualTo(storeTree(local)).isEqualTo(storeTree(tmp.resolve("back.castr")));
    }

    @Test
    void makeWritesStraightToS3AndTheWholeStoreVerifies() throws IOException {
        Path idxS3 = tmp.resolve("s3.caidx");
        ok("image", "make", "-q", endpoint(), "--store=" + store(), idxS3.toString(), tree.toString());
        assertThat(Files.readAllBytes(idxS3)).isEqualTo(Files.readAllBytes(idx));
        assertThat(objectTree("s.castr")).isEqualTo(storeTree(local));

        Result v = ok("store", "verify", "--json", endpoint(), "--store=" + store());
        String compact = v.out().replace(" ", "");
        assertThat(json(compact, "checked")).isEqualTo(storeTree(local).size()).isEqualTo(json(compact, "good"));
    }

    @Test
    void verifyFindsCorruptAndMissingChunksAndRepairDeletesTheCorruptOnes() throws IOException {
        push();
        String bad = someChunkKey(2), gone = someChunkKey(7);
        byte[] b = server.read(bucket, bad);
        b[b.length / 2] ^= 0x11;
        server.write(bucket, bad, b);
        server.delete(bucket, gone);

        Result v = paddock("store", "verify", endpoint(), "--store=" + store(), idx.toString());
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("corrupt " + idOf(bad) + ": chunk " + idOf(bad) + " in " + store() + "/")
                .contains("missing " + idOf(gone) + "\n");
        assertThat(v.err()).isEqualTo("paddock store verify: 1 corrupt and 1 missing chunks\n");

        Result repair = paddock("store", "verify", "--repair", "--json", endpoint(), "--store=" + store());
        assertThat(repair.exit()).isEqualTo(1);
        assertThat(json(repair.out().replace(" ", ""), "repaired")).isEqualTo(1);
        assertThat(server.keys(bucket, "s.castr/")).doesNotContain(bad, gone);

        push(); // stores both again, from the intact local copy
        ok("store", "verify", endpoint(), "--store=" + store(), idx.toString());
        assertThat(objectTree("s.castr")).isEqualTo(storeTree(local));
    }

    @Test
    void corruptObjectIsDetectedAndTakenFromTheNextStore() throws IOException {
        push();
        String bad = someChunkKey(5);
        byte[] b = server.read(bucket, bad);
        b[b.length / 2] ^= 0x11;
        server.write(bucket, bad, b);

        Result r = paddock("image", "extract", "-q", endpoint(), "--store=" + store(), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image extract: chunk " + idOf(bad) + " in " + store() + "/" + bad.substring("s.castr/".length()))
                .contains("corrupt").hasLineCount(1);
        assertThat(tmp.resolve("out")).doesNotExist();

        ok("image", "extract", "-q", "--without=privileged", endpoint(), "--store=" + store(), "--store=" + local, idx.toString(),
                tmp.resolve("out").toString());
        assertSameTree(tmp.resolve("out"));
    }

    @Test
    void missingChunkNamesChunkAndStore() {
        push();
        String gone = someChunkKey(3);
        server.delete(bucket, gone);
        Result r = paddock("image", "extract", "-q", endpoint(), "--store=" + store(), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paddock image extract: chunk " + idOf(gone) + " is missing from store " + store() + "\n");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void serverKilledMidExtractEndsInOneBoundedErrorAndNoDest() throws IOException, InterruptedException {
        Path big = plainTree(tmp.resolve("big"), 600, 63);
        Path bigIdx = tmp.resolve("big.caidx");
        ok("image", "make", "-q", "--store=" + local, bigIdx.toString(), big.toString());
        try (S3Proxy own = S3Proxy.start(tmp.resolve("s3-own"), identity(), System.getenv("AWS_SECRET_ACCESS_KEY"))) {
            own.createBucket("killed");
            String url = "s3://killed/s.castr";
            String ep = "--s3-endpoint=" + own.endpoint();
            ok("store", "push", ep, "--from=" + local, "--to=" + url, bigIdx.toString());

            // kill the server once the first extracted file appears in the hidden staging directory
            Path work = Files.createDirectories(tmp.resolve("x"));
            AtomicBoolean killed = new AtomicBoolean();
            Thread killer = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (System.nanoTime() < deadline && !killed.get()) {
                    try (Stream<Path> s = Files.walk(work)) {
                        if (s.anyMatch(Files::isRegularFile)) {
                            own.stop();
                            killed.set(true);
                        }
                    } catch (IOException | java.io.UncheckedIOException e) {
                        // the staging directory changed under the walk; look again
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            killer.start();
            long started = System.nanoTime();
            Result r = paddock("image", "extract", "-q", "--concurrency=2", ep, "--store=" + url, bigIdx.toString(),
                    work.resolve("out").toString());
            double seconds = (System.nanoTime() - started) / 1e9;
            killer.join();
            assertThat(killed).isTrue();
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).startsWith("paddock image extract: store " + url + ": GET s3://killed/s.castr/")
                    .contains("Connect").contains("SDK Attempt Count: 5").hasLineCount(1);
            assertThat(seconds).isLessThan(60);
            assertThat(work.resolve("out")).doesNotExist();
            assertThat(work.toFile().list()).isEmpty();
        }
    }

    @Test
    void badCredentialsGiveAOneLineError() throws IOException, InterruptedException {
        push();
        CliProcess.Result r = new CliProcess(Map.of("AWS_SECRET_ACCESS_KEY", "not-the-secret"), List.of())
                .run("image", "extract", "-q", endpoint(), "--store=" + store(), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image extract: store " + store() + ": GET s3://" + bucket + "/s.castr/")
                .contains("HTTP 403").contains("(check the AWS credentials)").hasLineCount(1);
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
