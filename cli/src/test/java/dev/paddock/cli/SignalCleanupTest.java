package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.testing.Run;

/** A command stopped by SIGTERM removes what it was writing and ends with the signal's status. */
class SignalCleanupTest {
    @TempDir
    Path tmp;

    @Test
    void aStoppedExtractRemovesItsPartialTree() throws Exception {
        Path src = ImageCommandTest.plainTree(tmp.resolve("src"), 300, 11);
        Path store = tmp.resolve("s.castr");
        Path image = tmp.resolve("a.caidx");
        ImageCommandTest.ok("image", "make", "-q", "--store=" + store, image.toString(), src.toString());
        // The last chunk becomes a FIFO, so reading it blocks: the extract is surely mid-way, with its
        // partial tree on disk, when the signal comes.
        Index index = IndexReader.read(image);
        String hex = index.entries().get(index.entries().size() - 1).id().hex();
        Path chunk = store.resolve(hex.substring(0, 4)).resolve(hex + ".cacnk");
        Files.delete(chunk);
        Run.ok("mkfifo", chunk.toString());

        Path dest = tmp.resolve("out");
        Path err = tmp.resolve("stderr");
        Process p = new ProcessBuilder(CliRun.javaCommand(CliRun.testClasspath(), "", "image", "extract", "-q",
                "--store=" + store, image.toString(), dest.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partialTrees().isEmpty() && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(partialTrees()).as("the extract's temporary sibling").hasSize(1);
            Thread.sleep(300); // let it write files into the partial tree, up to the FIFO
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(128 + 15);
        assertThat(partialTrees()).isEmpty();
        assertThat(dest).doesNotExist();
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("paddock image extract: ").contains("interrupted");
    }

    private List<Path> partialTrees() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(q -> q.getFileName().toString().startsWith(".out.paddock-tmp-")).toList();
        }
    }
}
