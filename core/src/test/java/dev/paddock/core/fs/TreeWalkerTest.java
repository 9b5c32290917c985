package dev.paddock.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import dev.paddock.sys.StatX;
import dev.paddock.testing.FixtureTree;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.Scratch;
import dev.paddock.testing.TreeSnapshot;

class TreeWalkerTest {
    Scratch scratch;
    Path tree;
    final TreeWalker walker = new TreeWalker(Posix.get());

    @BeforeEach
    void fixture() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("setcap");
        Prereqs.requireTool("setfacl");
        scratch = Scratch.create("walker");
        tree = scratch.mkdir("tree");
        FixtureTree.build(tree);
    }

    @AfterEach
    void clean() {
        if (scratch != null) {
            scratch.close();
        }
    }

    /** Records every visit by relative raw path (ISO-8859-1, one char per byte), in order. */
    static final class Collector implements WalkVisitor {
        final String rootPrefix;
        final Map<String, StatX> seen = new ConcurrentHashMap<>();
        final List<String> order = Collections.synchronizedList(new ArrayList<>());
        final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        Collector(String root) {
            this.rootPrefix = root;
        }

        String rel(DisplayPath p) {
            String full = new String(p.bytes(), StandardCharsets.ISO_8859_1);
            if (full.equals(rootPrefix)) {
                return ".";
            }
            assertThat(full).startsWith(rootPrefix.endsWith("/") ? rootPrefix : rootPrefix + "/");
            return full.substring(rootPrefix.length() + (rootPrefix.endsWith("/") ? 0 : 1));
        }

        @Override
        public void visit(WalkEntry entry) throws IOException {
            threads.add(Thread.currentThread().getName());
            String rel = rel(entry.path());
            if (seen.put(rel, entry.stat()) != null) {
                duplicates.add(rel);
            }
            order.add(rel);
            // The stat belongs to the entry reached through at()/atName(), without following symlinks.
            StatX again = Posix.get().statat(entry.at(), entry.atName(), Posix.AT_SYMLINK_NOFOLLOW);
            assertThat(again.ino()).isEqualTo(entry.stat().ino());
            assertThat(entry.self() != null).isEqualTo(entry.stat().isDirectory());
        }

        @Override
        public void skippedMount(WalkEntry mountPoint) {
            skipped.add(rel(mountPoint.path()));
        }

        @Override
        public void failed(DisplayPath path, IOException error) {
            failures.add(path + ": " + error);
        }
    }

    @Test
    void visitsEveryEntryOnceIncludingDeepAndOddNames() throws IOException {
        TreeSnapshot snapshot = TreeSnapshot.take(tree);
        Collector c = new Collector(tree.toString());
        walker.walk(tree.toString(), WalkOptions.defaults().withRootLast(true), c);
        assertThat(c.failures).isEmpty();
        assertThat(c.duplicates).isEmpty();
        assertThat(c.seen.keySet()).isEqualTo(snapshot.entries().keySet());
        assertThat(c.order.get(c.order.size() - 1)).isEqualTo(".");
        String odd = "odd/" + new String(FixtureTree.NON_UTF8_NAME, StandardCharsets.ISO_8859_1);
        assertThat(c.seen).containsKeys(odd, FixtureTree.NEWLINE_NAME, FixtureTree.SYMLINK_OUT);
        assertThat(c.seen.keySet()).anySatisfy(k -> assertThat(k).endsWith("/bottom").hasSizeGreaterThan(4096));
        assertThat(c.seen.get(FixtureTree.SYMLINK_OUT).isSymlink()).isTrue();
        for (Map.Entry<String, StatX> e : c.seen.entrySet()) {
            TreeSnapshot.Node n = snapshot.get(e.getKey());
            assertThat(e.getValue().uid()).isEqualTo(n.uid());
            assertThat(e.getValue().mode()).isEqualTo(n.mode());
        }
    }

    @Test
    void displayPathsKeepTheRootAsSpelled() throws IOException {
        Collector c = new Collector(tree + "/");
        walker.walk(tree + "/", WalkOptions.defaults(), c);
        assertThat(c.order.get(0)).isEqualTo(".");
        assertThat(c.seen).containsKey("usr/lib");
        assertThat(c.failures).isEmpty();
    }

    @Test
    void aFileOrSymlinkRootIsVisitedAlone() throws IOException {
        Collector c = new Collector(tree + "/" + FixtureTree.SYMLINK_OUT);
        walker.walk(tree + "/" + FixtureTree.SYMLINK_OUT, WalkOptions.defaults(), c);
        assertThat(c.seen).containsOnlyKeys(".");
        assertThat(c.seen.get(".").isSymlink()).isTrue();
        assertThatThrownBy(() -> walker.walk(tree + "/missing", WalkOptions.defaults(), c))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.path()).isEqualTo(tree + "/missing"));
    }

    @Test
    void staysOnItsFilesystemUnlessAsked() throws IOException {
        Path mnt = Files.createDirectory(tree.resolve("mnt"));
        Run.Result mount = Run.cmd("mount", "-t", "tmpfs", "-o", "size=1m", "paddock-test", mnt.toString());
        Prereqs.require(mount.exit() == 0, "mount (tmpfs): " + mount.stderr());
        try {
            Files.writeString(mnt.resolve("inside"), "x");
            Collector stay = new Collector(tree.toString());
            walker.walk(tree.toString(), WalkOptions.defaults(), stay);
            assertThat(stay.skipped).containsExactly("mnt");
            assertThat(stay.seen).doesNotContainKeys("mnt", "mnt/inside");

            Collector cross = new Collector(tree.toString());
            walker.walk(tree.toString(), WalkOptions.defaults().withCrossMounts(true), cross);
            assertThat(cross.skipped).isEmpty();
            assertThat(cross.seen).containsKeys("mnt", "mnt/inside");
        } finally {
            Run.ok("umount", mnt.toString());
        }
    }

    @Test
    void listsDirectoriesOnSeveralThreads() throws IOException {
        Path bulk = scratch.mkdir("bulk");
        FixtureTree.bulk(bulk, 10_000, 1);
        Collector c = new Collector(bulk.toString());
        walker.walk(bulk.toString(), WalkOptions.defaults().withParallelism(2), c);
        assertThat(c.seen).hasSize(TreeSnapshot.take(bulk).size());
        assertThat(c.threads).filteredOn(t -> t.contains("ForkJoinPool")).hasSize(2);
        Collector one = new Collector(bulk.toString());
        walker.walk(bulk.toString(), WalkOptions.defaults().withParallelism(1), one);
        assertThat(one.seen.keySet()).isEqualTo(c.seen.keySet());
    }
}
