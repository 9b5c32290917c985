package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** Archives cross between paddock and casync and the extracted trees must equal the source tree. */
class RoundTripTest {
    static Path work;
    static Path tree;

    @BeforeAll
    static void setUp() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("casync");
        Prereqs.requireTool("getfattr");
        work = Files.createTempDirectory("catar-rt");
        tree = CatarFixtures.build(work.resolve("tree"), CatarFixtures.Options.all(), 1234);
    }

    @AfterAll
    static void tearDown() {
        if (work != null) {
            CatarFixtures.remove(work);
        }
    }

    /** Everything casync can tell about a tree, plus every xattr (ACLs and caps included) and chattr flags. */
    static String describe(Path dir) {
        // the nodump file is excluded from archives by default, so it is left out of the comparison too
        String mtree = Run.ok("casync", "mtree", dir.toString()).out();
        String xattrs = Run.ok("sh", "-c", "cd '" + dir + "' && getfattr -R -h -d -e hex -m - . 2>/dev/null").out();
        String flags = Run.ok("sh", "-c", "cd '" + dir + "' && find . \\( -type f -o -type d \\) -print0 | sort -z | xargs -0 lsattr -d 2>/dev/null | grep -v ' ./nodump$'").out();
        return mtree + "\n--xattrs--\n" + xattrs + "\n--chattr--\n" + flags;
    }

    /** Compares line sets so a failure shows only the lines that differ. */
    static void assertSameTree(Path actual, Path expected) {
        List<String> a = List.of(describe(actual).split("\n"));
        List<String> e = List.of(describe(expected).split("\n"));
        List<String> missing = new ArrayList<>(e);
        missing.removeAll(a);
        List<String> extra = new ArrayList<>(a);
        extra.removeAll(e);
        assertThat(extra).as("lines only in %s (missing: %s)", actual, missing).isEmpty();
        assertThat(missing).as("lines only in %s", expected).isEmpty();
        assertThat(a).isEqualTo(e);
    }

    @Test
    void casyncArchiveExtractsToTheSameTree() throws IOException {
        Path archive = work.resolve("casync.catar");
        Run.ok("casync", "make", archive.toString(), tree.toString());
        Path dest = work.resolve("by-paddock");
        List<String> warnings = new ArrayList<>();
        try (CatarDecoder d = new CatarDecoder(FileChannel.open(archive, StandardOpenOption.READ))) {
            new TreeExtractor(TreeExtractor.Options.defaults().withListener(warnings::add)).extract(d, dest);
        }
        assertThat(warnings).isEmpty();
        assertSameTree(dest, tree);
        assertThat(Files.readAllBytes(dest.resolve("large.bin"))).isEqualTo(Files.readAllBytes(tree.resolve("large.bin")));
        assertThat(Files.readSymbolicLink(dest.resolve("link-abs-outside"))).hasToString("/tmp/outside-of-tree");
        assertThat(Run.ok("stat", "-c", "%F %t:%T %u:%g", dest.resolve("loop-like").toString()).out())
                .isEqualTo("block special file 7:c8 0:0\n");
        assertThat(Files.list(work).filter(p -> p.getFileName().toString().contains("paddock-tmp"))).isEmpty();
        // the 8 MiB sparse file stays sparse: only its one data block is allocated
        long blocks = Long.parseLong(Run.ok("stat", "-c", "%b", dest.resolve("sparse").toString()).out().trim());
        assertThat(blocks * 512).isLessThan(1024 * 1024);
    }

    @Test
    void paddockArchiveExtractsWithCasyncToTheSameTree() throws IOException {
        Path archive = work.resolve("paddock.catar");
        try (FileChannel out = FileChannel.open(archive, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system()).encode(tree, out);
        }
        Path dest = work.resolve("by-casync");
        Run.ok("casync", "extract", archive.toString(), dest.toString());
        assertSameTree(dest, tree);
    }

    @Test
    void extractsIntoAnExistingEmptyDirectory() throws IOException {
        Path archive = work.resolve("paddock2.catar");
        try (FileChannel out = FileChannel.open(archive, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system()).encode(tree, out);
        }
        Path dest = Files.createDirectories(work.resolve("existing-empty"));
        try (CatarDecoder d = new CatarDecoder(FileChannel.open(archive, StandardOpenOption.READ))) {
            new TreeExtractor(TreeExtractor.Options.defaults()).extract(d, dest);
        }
        assertSameTree(dest, tree);
    }
}
