package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paddock.sys.Posix;
import dev.paddock.testing.FixtureTree;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.Scratch;
import dev.paddock.testing.TreeSnapshot;

/** kill -9 in the middle of a large shift, then run again: the same tree as one uninterrupted run. */
class ShiftOwnInterruptTest {
    Scratch scratch;
    Path mnt;

    /**
     * The trees live on a tmpfs: 2 x 50k entries plus a cp -a take minutes on a busy ext4 and seconds
     * here, and the walk, the chown/xattr/ACL calls and the resume logic are the same on both.
     */
    @BeforeEach
    void setUp() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("setcap");
        Prereqs.requireTool("setfacl");
        scratch = Scratch.create("shift-own-kill");
        Path dir = scratch.mkdir("tmpfs");
        Run.Result mount = Run.cmd("mount", "-t", "tmpfs", "-o", "size=1g,mode=0755", "paddock-test", dir.toString());
        Prereqs.require(mount.exit() == 0, "mount (tmpfs): " + mount.stderr());
        mnt = dir;
    }

    @AfterEach
    void clean() {
        if (mnt != null) {
            Run.ok("umount", mnt.toString());
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    private static Path build(Path root) throws IOException {
        java.nio.file.Files.createDirectory(root);
        FixtureTree.build(java.nio.file.Files.createDirectory(root.resolve("fixture")));
        FixtureTree.bulk(java.nio.file.Files.createDirectory(root.resolve("bulk")), 50_000, 7);
        return root;
    }

    @Test
    void rerunAfterKillMinus9FinishesTheJob() throws Exception {
        // Two identical trees from the deterministic builders (cp -a cannot copy past PATH_MAX).
        Path victim = build(mnt.resolve("victim"));
        Path reference = build(mnt.resolve("reference"));
        TreeSnapshot original = TreeSnapshot.take(reference).withoutCtime();

        // Kill as soon as the first batch of -v lines shows the shift under way.
        Process p = new ProcessBuilder(CliRun.javaCommand(CliRun.testClasspath(), "shift-own", "-v", "-s", "0x30000",
                victim.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream out = p.getInputStream()) {
            int first = out.read();
            assertThat(first).as("no -v output before exit").isNotNegative();
            assertThat(p.isAlive()).as("the shift finished before it could be interrupted").isTrue();
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);
        TreeSnapshot interrupted = TreeSnapshot.take(victim).withoutCtime();
        assertThat(interrupted.get(".").uid()).as("root is shifted last").isZero();
        assertThat(interrupted).isNotEqualTo(original);
        long shifted = interrupted.entries().values().stream().filter(n -> n.uid() >= 0x30000).count();
        assertThat(shifted).as("partly shifted").isPositive().isLessThan(interrupted.size() - 1);

        CliRun.Result resumed = CliRun.inProcess("shift-own", "-s", "0x30000", "--ignore-foreign", victim.toString());
        assertThat(resumed.exit()).as(resumed.stderr()).isZero();
        CliRun.Result whole = CliRun.inProcess("shift-own", "-s", "0x30000", "--ignore-foreign", reference.toString());
        assertThat(whole.exit()).as(whole.stderr()).isZero();

        // The two builds differ in times and inode numbers; compare what shift-own decides.
        java.util.function.Function<TreeSnapshot.Node, java.util.List<Object>> decided =
                n -> java.util.List.of(n.uid(), n.gid(), n.mode(), n.xattrs(), n.size());
        assertThat(TreeSnapshot.take(victim).select(decided)).isEqualTo(TreeSnapshot.take(reference).select(decided));
        assertThat(Posix.get().lstat(victim.toString()).uid()).isEqualTo(0x30000);
    }
}
