package dev.paddock.cli;

import static dev.paddock.cli.ImageCommandTest.json;
import static dev.paddock.cli.ImageCommandTest.ok;
import static dev.paddock.cli.ImageCommandTest.paddock;
import static dev.paddock.cli.ImageCommandTest.plainTree;
import static dev.paddock.cli.ImageCommandTest.storeTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.cli.ImageCommandTest.Result;
import dev.paddock.core.image.Archives;
import dev.paddock.core.image.catar.OwnerMapping;
import dev.paddock.core.image.extract.ChunkInputStream;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.HttpChunkStore;
import dev.paddock.testing.Nginx;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** HTTP stores against a real nginx on 127.0.0.1, with casync reading what paddock pushed. */
class HttpStoreTest {
    @TempDir
    Path tmp;

    Nginx nginx;
    Path local;
    Path tree;
    Path idx;

    @BeforeEach
    void serve() throws IOException {
        Prereqs.requireTool("nginx");
        nginx = Nginx.start(tmp.resolve("nginx"), tmp.resolve("www"));
        local = tmp.resolve("local.castr");
        tree = plainTree(tmp.resolve("t"), 200, 51);
        idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + local, idx.toString(), tree.toString());
        ok("store", "push", "--from=" + local, "--to=" + nginx.url("s.castr"), idx.toString());
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private Path www() {
        return nginx.root().resolve("s.castr");
    }

    private Path someChunk(int n) throws IOException {
        try (Stream<Path> s = Files.walk(www())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cacnk")).sorted().skip(n).findFirst().orElseThrow();
        }
    }

    private static String idOf(Path chunk) {
        return chunk.getFileName().toString().replace(".cacnk", "");
    }

    @Test
    void pushedStoreIsCasyncsLayoutAndBothToolsExtractFromIt() throws IOException {
        Prereqs.requireTool("casync");
        assertThat(storeTree(www())).isEqualTo(storeTree(local));
        Result r = ok("image", "extract", "--json", "--without=privileged", "--store=" + nginx.url("s.castr"), idx.toString(),
                tmp.resolve("out").toString());
        assertThat(Run.cmd("diff", "-r", tmp.resolve("out").toString(), tree.toString()).exit()).isZero();
        assertThat(json(r.out(), "storeChunks")).isEqualTo(json(r.out(), "chunks"));
        Run.ok("casync", "extract", "--store=" + nginx.url("s.castr"), idx.toString(), tmp.resolve("byCasync").toString());
        assertThat(Run.cmd("diff", "-r", tmp.resolve("byCasync").toString(), tree.toString()).exit()).isZero();
        ok("store", "verify", "--store=" + nginx.url("s.castr"), idx.toString());

        // pushing again sends nothing; pulling back into an empty store copies everything
        assertThat(json(ok("store", "push", "--json", "--from=" + local, "--to=" + nginx.url("s.castr"), idx.toString()).out().replace(" ", ""),
                "copied")).isZero();
        ok("store", "pull", "--from=" + nginx.url("s.castr"), "--to=" + tmp.resolve("back.castr"), idx.toString());
        assertThat(storeTree(tmp.resolve("back.castr"))).isEqualTo(storeTree(local));
    }

    @Test
    void missingChunkNamesChunkAndStore() throws IOException {
        Path gone = someChunk(3);
        Files.delete(gone);
        Result r = paddock("image", "extract", "-q", "--store=" + nginx.url("s.castr"), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paddock image extract: chunk " + idOf(gone) + " is missing from store " + nginx.url("s.castr") + "\n");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void corruptServedChunkIsDetectedAndTakenFromTheNextStore() throws IOException {
        Path bad = someChunk(5);
        byte[] b = Files.readAllBytes(bad);
        b[b.length / 2] ^= 0x11;
        Files.write(bad, b);
        Result r = paddock("image", "extract", "-q", "--store=" + nginx.url("s.castr"), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image extract: chunk " + idOf(bad) + " in " + nginx.url("s.castr/")).contains("corrupt");
        assertThat(tmp.resolve("out")).doesNotExist();

        ok("image", "extract", "-q", "--without=privileged", "--store=" + nginx.url("s.castr"), "--store=" + local, idx.toString(),
                tmp.resolve("out").toString());
        assertThat(Run.cmd("diff", "-r", tmp.resolve("out").toString(), tree.toString()).exit()).isZero();
    }

    private void extractWithFetcher(HttpChunkStore store, Path dest, ChunkInputStream.Progress progress) throws IOException {
        Index index = IndexReader.read(idx);
        try (ChunkInputStream in = new ChunkInputStream(index.entries(), store, 4, progress)) {
            Archives.extract(in, dest, Archives.extractOptions(OwnerMapping.IDENTITY, false, m -> {}));
        }
    }

    @Test
    void serverKilledMidExtractIsRetriedThenReportedAndLeavesNoDest() throws IOException {
        HttpChunkStore store = new HttpChunkStore(nginx.url("s.castr"), ChunkDigest.SHA512_256,
                new HttpChunkStore.Options(2, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(5)));
        Path dest = tmp.resolve("out");
        AtomicBoolean killed = new AtomicBoolean();
        assertThatThrownBy(() -> extractWithFetcher(store, dest, (bytes, chunks) -> {
            if (chunks == 1 && killed.compareAndSet(false, true)) {
                nginx.stop();
            }
        })).isInstanceOf(IOException.class)
                .hasMessageContaining("store " + nginx.url("s.castr") + ": GET ")
                .hasMessageContaining("failed after 3 attempts");
        assertThat(killed).isTrue();
        assertThat(dest).doesNotExist();
        assertThat(tmp.toFile().list()).allMatch(n -> !n.startsWith("."));

        // a server back within the retry window: the extract completes
        nginx.start();
        HttpChunkStore patient = new HttpChunkStore(nginx.url("s.castr"), ChunkDigest.SHA512_256,
                new HttpChunkStore.Options(6, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10)));
        AtomicBoolean stopped = new AtomicBoolean();
        Thread[] restarter = new Thread[1];
        extractWithFetcher(patient, dest, (bytes, chunks) -> {
            if (chunks == 1 && stopped.compareAndSet(false, true)) {
                nginx.stop();
                restarter[0] = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                        nginx.start();
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                restarter[0].start();
            }
        });
        try {
            restarter[0].join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(stopped).isTrue();
        assertThat(Run.cmd("diff", "-r", dest.toString(), tree.toString()).exit()).isZero();
    }
}
