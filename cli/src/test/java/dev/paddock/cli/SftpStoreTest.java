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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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
import dev.paddock.core.store.ssh.SftpChunkStore;
import dev.paddock.core.store.ssh.SshOptions;
import dev.paddock.core.store.ssh.SshStoreAddress;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.Sshd;

/**
 * SFTP stores against a real OpenSSH sshd on 127.0.0.1. paddock runs in-process with user.home
 * pointing at the fixture's client home, so its {@code ~/.ssh} (key, known_hosts) is the test's.
 */
class SftpStoreTest {
    @TempDir
    Path tmp;

    Sshd sshd;
    String savedHome;
    Path local;
    Path remote;
    Path tree;
    Path idx;

    @BeforeEach
    void serve() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("sshd");
        sshd = Sshd.start(tmp.resolve("sshd"));
        savedHome = System.getProperty("user.home");
        System.setProperty("user.home", sshd.home().toString());
        local = tmp.resolve("local.castr");
        remote = tmp.resolve("remote/s.castr");
        tree = plainTree(tmp.resolve("t"), 200, 61);
        idx = tmp.resolve("t.caidx");
        ok("image", "make", "-q", "--store=" + local, idx.toString(), tree.toString());
    }

    @AfterEach
    void stop() {
        if (savedHome != null) {
            System.setProperty("user.home", savedHome);
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    private String url() {
        return sshd.url(remote);
    }

    private void push() {
        ok("store", "push", "--from=" + local, "--to=" + url(), idx.toString());
    }

    private List<Path> chunksOnServer() throws IOException {
        try (Stream<Path> s = Files.walk(remote)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cacnk")).sorted().toList();
        }
    }

    private static String idOf(Path chunk) {
        return chunk.getFileName().toString().replace(".cacnk", "");
    }

    private static void corrupt(Path chunk) throws IOException {
        byte[] b = Files.readAllBytes(chunk);
        b[b.length / 2] ^= 0x11;
        chunk.toFile().setWritable(true);
        Files.write(chunk, b);
    }

    private static Set<String> allNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void pushPullAndExtractOverSftpGiveTheSameStoreAndTree() throws IOException {
        Result r = ok("store", "push", "--json", "--from=" + local, "--to=" + url(), idx.toString());
        assertThat(json(r.out().replace(" ", ""), "copied")).isPositive();
        assertThat(storeTree(remote)).isEqualTo(storeTree(local));
        assertThat(allNames(remote)).allMatch(n -> !n.startsWith(".#"));

        Result x = ok("image", "extract", "--json", "--without=privileged", "--store=" + url(), idx.toString(), tmp.resolve("out").toString());
        assertThat(Run.cmd("diff", "-r", tmp.resolve("out").toString(), tree.toString()).exit()).isZero();
        assertThat(json(x.out(), "storeChunks")).isEqualTo(json(x.out(), "chunks"));
        ok("store", "verify", "--store=" + url(), idx.toString());

        // pushing again sends nothing; pulling back into an empty store copies everything
        assertThat(json(ok("store", "push", "--json", "--from=" + local, "--to=" + url(), idx.toString()).out().replace(" ", ""), "copied"))
                .isZero();
        ok("store", "pull", "--from=" + url(), "--to=" + tmp.resolve("back.castr"), idx.toString());
        assertThat(storeTree(tmp.resolve("back.castr"))).isEqualTo(storeTree(local));
    }

    @Test
    void makeWritesStraightToTheServer() throws IOException {
        Path idx2 = tmp.resolve("direct.caidx");
        ok("image", "make", "-q", "--store=" + url(), idx2.toString(), tree.toString());
        assertThat(Files.readAllBytes(idx2)).isEqualTo(Files.readAllBytes(idx));
        assertThat(storeTree(remote)).isEqualTo(storeTree(local));
        assertThat(allNames(remote)).allMatch(n -> !n.startsWith(".#"));
        // the ssh:// spelling names the same store
        ok("store", "verify", "--store=ssh://root@127.0.0.1:" + sshd.port() + remote, idx2.toString());
    }

    @Test
    void gcAndVerifyWithRepairWorkOverSftp() throws IOException {
        push();
        Path tree2 = plainTree(tmp.resolve("t2"), 80, 62);
        Path idx2 = tmp.resolve("t2.caidx");
        ok("image", "make", "-q", "--store=" + url(), idx2.toString(), tree2.toString());
        ok("image", "make", "-q", "--store=" + tmp.resolve("only2.castr"), tmp.resolve("only2.caidx").toString(), tree2.toString());
        int before = chunksOnServer().size();
        // what an upload cut off by a lost connection leaves on the server
        Path cut = chunksOnServer().get(0).resolveSibling(".#" + "ab".repeat(32) + ".cacnk.5eed.tmp");
        Files.write(cut, new byte[1234]);
        Files.setLastModifiedTime(cut, FileTime.from(Instant.now().minusSeconds(7200)));

        Result gc = ok("store", "gc", "--json", "--store=" + url(), idx2.toString());
        assertThat(json(gc.out().replace(" ", ""), "removed")).isEqualTo(before - chunksOnServer().size()).isPositive();
        assertThat(json(gc.out().replace(" ", ""), "temporaries")).isEqualTo(1);
        assertThat(json(gc.out().replace(" ", ""), "temporaryBytes")).isEqualTo(1234);
        assertThat(cut).doesNotExist();
        assertThat(storeTree(remote)).isEqualTo(storeTree(tmp.resolve("only2.castr")));

        Result clean = ok("store", "verify", "--store=" + url());
        assertThat(clean.out()).matches("Checked (\\d+) chunks: \\1 good, 0 corrupt, 0 missing\\n");
        Path bad = chunksOnServer().get(2);
        corrupt(bad);
        Result r = paddock("store", "verify", "--repair", "--store=" + url());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("corrupt " + idOf(bad)).contains("1 corrupt (1 deleted)");
        assertThat(bad).doesNotExist();
        assertThat(ok("store", "verify", "--store=" + url()).out()).contains(", 0 corrupt, 0 missing");
    }

    @Test
    void corruptChunkOnTheServerIsNamedOrTakenFromTheNextStore() throws IOException {
        push();
        Path bad = chunksOnServer().get(5);
        corrupt(bad);
        Result r = paddock("image", "extract", "-q", "--store=" + url(), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image extract: chunk " + idOf(bad) + " in " + url() + ":" + bad + " is corrupt")
                .hasLineCount(1);
        assertThat(tmp.resolve("out")).doesNotExist();

        ok("image", "extract", "-q", "--without=privileged", "--store=" + url(), "--store=" + local, idx.toString(), tmp.resolve("out").toString());
        assertThat(Run.cmd("diff", "-r", tmp.resolve("out").toString(), tree.toString()).exit()).isZero();
    }

    @Test
    void missingChunkNamesChunkAndStore() throws IOException {
        push();
        Path gone = chunksOnServer().get(3);
        Files.delete(gone);
        Result r = paddock("image", "extract", "-q", "--store=" + url(), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paddock image extract: chunk " + idOf(gone) + " is missing from store " + url() + "\n");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void unknownHostKeyIsRefusedWithOneLineNamingTheHost() throws IOException {
        push();
        Path knownHosts = sshd.home().resolve(".ssh/known_hosts");
        Files.writeString(knownHosts, "");
        Result r = paddock("image", "extract", "-q", "--store=" + url(), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paddock image extract: store " + url() + ": refusing 127.0.0.1:" + sshd.port()
                + ": its host key is not in " + knownHosts + " (connect once with ssh, or add it with ssh-keyscan, after checking it)\n");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void unreachableServerIsRetriedThenOneLineAndNoDest() throws IOException {
        push();
        sshd.stop();
        Result r = paddock("image", "extract", "-q", "--store=" + url(), idx.toString(), tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("paddock image extract: store " + url() + ": read ").contains("failed after 5 attempts")
                .contains("cannot connect to 127.0.0.1:" + sshd.port()).hasLineCount(1);
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.toFile().list()).allMatch(n -> !n.startsWith("."));
    }

    private void extractWith(SftpChunkStore store, Path dest, ChunkInputStream.Progress progress) throws IOException {
        Index index = IndexReader.read(idx);
        try (ChunkInputStream in = new ChunkInputStream(index.entries(), store, 8, progress)) {
            Archives.extract(in, dest, Archives.extractOptions(OwnerMapping.IDENTITY, false, m -> {}));
        }
    }

    private SftpChunkStore store(int retries) {
        return new SftpChunkStore(SshStoreAddress.parse(url()), ChunkDigest.SHA512_256,
                new SshOptions(sshd.home().resolve(".ssh"), null, "root", retries, Duration.ofMillis(100), Duration.ofSeconds(5), 4));
    }

    @Test
    void sshdKilledMidExtractIsRetriedThenReportedAndLeavesNoDest() throws Exception {
        push();
        Path dest = tmp.resolve("out");
        AtomicBoolean killed = new AtomicBoolean();
        try (SftpChunkStore s = store(2)) {
            assertThatThrownBy(() -> extractWith(s, dest, (bytes, chunks) -> {
                if (chunks == 1 && killed.compareAndSet(false, true)) {
                    sshd.stop();
                }
            })).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("store " + url() + ": read ")
                    .hasMessageContaining("failed after 3 attempts");
        }
        assertThat(killed).isTrue();
        assertThat(dest).doesNotExist();
        assertThat(tmp.toFile().list()).allMatch(n -> !n.startsWith("."));

        // a server back within the retry window: the session is reopened and the extract completes
        sshd.start();
        AtomicBoolean stopped = new AtomicBoolean();
        Thread[] restarter = new Thread[1];
        try (SftpChunkStore s = store(6)) {
            extractWith(s, dest, (bytes, chunks) -> {
                if (chunks == 1 && stopped.compareAndSet(false, true)) {
                    sshd.stop();
                    restarter[0] = new Thread(() -> {
                        try {
                            Thread.sleep(300);
                            sshd.start();
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    restarter[0].start();
                }
            });
        }
        restarter[0].join();
        assertThat(stopped).isTrue();
        assertThat(Run.cmd("diff", "-r", dest.toString(), tree.toString()).exit()).isZero();
    }
}
