package dev.paddock.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.paddock.sys.Fd;
import dev.paddock.sys.Mounts;
import dev.paddock.sys.Posix;
import dev.paddock.sys.StatX;
import dev.paddock.testing.MountSandbox;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.SampleTrees;
import dev.paddock.testing.TreeSnapshot;

/** The chown method on real mounts: shift-own's engine over a metacopy overlay. */
class ShiftMounterChownTest {
    static final long SHIFT = 0x30000, RANGE = 0x10000;

    @RegisterExtension
    MountSandbox sandbox = new MountSandbox();

    Path lower;
    ShiftMounter mounter;

    @BeforeEach
    void setUp() throws IOException {
        Prereqs.requireRoot();
        lower = SampleTrees.rootfs(sandbox.path("lower"));
        mounter = new ShiftMounter(new ShiftMountConfig(sandbox.path("run"), KernelFeatures.probe(),
                new OwnershipShifter(Posix.get(), 2)));
    }

    ShiftMount mount(String state, String mnt, long shift, Method method) throws IOException {
        return mounter.mount(new ShiftMountSpec(lower, sandbox.path(state), sandbox.mkdir(mnt), shift, RANGE, method));
    }

    /** paddock mounts of this test: other work on the host may have its own. */
    java.util.List<PaddockMount> ours(java.util.List<PaddockMount> all) {
        return all.stream().filter(m -> m.mountpoint().startsWith(sandbox.dir() + "/")).toList();
    }

    static StatX stat(Path p) throws IOException {
        return Posix.get().lstat(p.toString());
    }

    static byte[] xattr(Path p, String name) throws IOException {
        try (Fd dir = Posix.get().openDirectory(null, p.getParent().toString().getBytes())) {
            return Posix.get().getxattr(dir, p.getFileName().toString().getBytes(), name);
        }
    }

    static long entries(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.count();
        }
    }

    @Test
    void mergedViewIsShiftedLikeShiftOwnAndLowerStaysUntouched() throws Exception {
        TreeSnapshot before = TreeSnapshot.take(lower);
        ShiftMount m = mount("state", "mnt", SHIFT, Method.CHOWN);
        Path v = sandbox.path("mnt");
        assertThat(m.result().method()).isEqualTo(Method.CHOWN);
        assertThat(m.result().files()).isEqualTo(entries(lower));

        assertThat(stat(v).uid()).isEqualTo(SHIFT);
        assertThat(stat(v.resolve("etc/passwd")).gid()).isEqualTo(SHIFT);
        assertThat(stat(v.resolve("home/user/file")).uid()).isEqualTo(SHIFT + 1000);
        assertThat(stat(v.resolve("lib")).uid()).isEqualTo(SHIFT);
        assertThat(stat(v.resolve("bin/su")).permissions()).isEqualTo(04755);
        assertThat(Run.ok("getfacl", "-n", "--omit-header", v.resolve("srv/acl").toString()).out())
                .contains("user:" + (SHIFT + 1000) + ":rw-").contains("group:" + (SHIFT + 100) + ":r--");
        assertThat(Run.ok("getfacl", "-n", "--omit-header", v.resolve("srv/dacl").toString()).out())
                .contains("default:user:" + (SHIFT + 1000) + ":rwx");
        byte[] caps = xattr(v.resolve("bin/ping"), "security.capability");
        assertThat(caps).hasSize(24);
        ByteBuffer b = ByteBuffer.wrap(caps).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0) & 0xFF000000).isEqualTo(0x03000000);
        assertThat(Integer.toUnsignedLong(b.getInt(20))).isEqualTo(SHIFT);
        // The hardlink stays one inode in the view.
        assertThat(stat(v.resolve("etc/hard")).ino()).isEqualTo(stat(v.resolve("etc/passwd")).ino());
        // Upper holds the shifted metadata; on disk it is owned by the shifted ids.
        assertThat(stat(sandbox.path("state/upper/home/user/file")).uid()).isEqualTo(SHIFT + 1000);
        assertThat(stat(v.resolve("etc/hard")).uid()).isEqualTo(SHIFT);

        m.unmount();
        assertThat(TreeSnapshot.take(lower)).isEqualTo(before);
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }

    @Test
    void onlyMetadataIsCopiedUp() throws Exception {
        Path data = SampleTrees.bigFiles(lower.resolve("data"), 4, 16 << 20);
        long lowerBytes = SampleTrees.diskUsage(data);
        ShiftMount m = mount("state", "mnt", SHIFT, Method.CHOWN);
        assertThat(stat(sandbox.path("mnt/data/big0")).uid()).isEqualTo(SHIFT);
        assertThat(xattr(sandbox.path("state/upper/data/big0"), "trusted.overlay.metacopy")).isNotNull();
        long upperBytes = SampleTrees.diskUsage(sandbox.path("state/upper"));
        assertThat(upperBytes).as("upper %d bytes for %d bytes of data", upperBytes, lowerBytes)
                .isLessThanOrEqualTo(lowerBytes / 100);
        m.unmount();
    }

    @Test
    void containerRootWritesLandInUpperAsShift() throws Exception {
        Prereqs.requireTool("setpriv");
        ShiftMount m = mount("state", "mnt", SHIFT, Method.CHOWN);
        Path v = sandbox.path("mnt");
        Run.ok("setpriv", "--reuid=" + SHIFT, "--regid=" + SHIFT, "--clear-groups", "touch", v.resolve("new").toString(),
                v.resolve("etc/new").toString());
        assertThat(stat(sandbox.path("state/upper/new")).uid()).isEqualTo(SHIFT);
        assertThat(stat(sandbox.path("state/upper/etc/new")).gid()).isEqualTo(SHIFT);
        m.unmount();
    }

    @Test
    void twoShiftsOfOneLowerSideBySide() throws Exception {
        TreeSnapshot before = TreeSnapshot.take(lower);
        ShiftMount a = mount("state-a", "a", 0x30000, Method.CHOWN);
        ShiftMount b = mount("state-b", "b", 0x40000, Method.CHOWN);
        assertThat(stat(sandbox.path("a/home/user/file")).uid()).isEqualTo(0x30000 + 1000);
        assertThat(stat(sandbox.path("b/home/user/file")).uid()).isEqualTo(0x40000 + 1000);
        assertThat(ours(mounter.list())).extracting(PaddockMount::shift).containsExactly(0x30000L, 0x40000L);
        a.unmount();
        b.unmount();
        assertThat(TreeSnapshot.take(lower)).isEqualTo(before);
    }

    @Test
    void remountingAShiftedStateSkipsTheWalk() throws Exception {
        ShiftMount first = mount("state", "mnt", SHIFT, Method.CHOWN);
        long files = first.result().files();
        first.unmount();
        ShiftMount again = mount("state", "mnt", SHIFT, Method.CHOWN);
        assertThat(again.result().walkSkipped()).isTrue();
        assertThat(again.result().files()).isEqualTo(files);
        assertThat(stat(sandbox.path("mnt/home/user/file")).uid()).isEqualTo(SHIFT + 1000);
        again.unmount();
        assertThatThrownBy(() -> mount("state", "mnt", 0x40000, Method.CHOWN))
                .hasMessageContaining("STATE was shifted with 0x30000 by an earlier chown mount");
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }

    @Test
    void identityShiftOnlyCountsAndCopiesNothing() throws Exception {
        ShiftMount m = mount("state", "mnt", 0, Method.AUTO);
        assertThat(m.result().method()).isEqualTo(Method.CHOWN);
        assertThat(m.result().files()).isEqualTo(entries(lower));
        try (Stream<Path> upper = Files.list(sandbox.path("state/upper"))) {
            assertThat(upper).isEmpty();
        }
        m.unmount();
    }

    @Test
    void aShiftFailingHalfwayUnmountsAndNamesTheFile() throws Exception {
        // STATE on a tmpfs with too few inodes: copy-up runs out part-way through the tree.
        Path small = sandbox.mkdir("small");
        Mounts.get().mount("tmpfs", small.toString(), "tmpfs", 0, "size=4m,nr_inodes=12");
        TreeSnapshot before = TreeSnapshot.take(lower);
        assertThatThrownBy(() -> mounter.mount(new ShiftMountSpec(lower, small.resolve("state"), sandbox.mkdir("mnt"),
                SHIFT, RANGE, Method.CHOWN)))
                .isInstanceOf(ShiftMountException.class)
                .hasMessageStartingWith("cannot shift " + sandbox.path("mnt") + "/")
                .hasMessageContaining("No space left on device")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).containsExactly(small.toString());
        assertThat(TreeSnapshot.take(lower)).isEqualTo(before);
    }

    @Test
    void aBusyOverlayIsDetachedAndItsStateReusableOnceReleased() throws Exception {
        ShiftMount m = mount("state", "mnt", SHIFT, Method.CHOWN);
        java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(sandbox.path("mnt/etc/passwd"));
        m.unmount(); // busy: detached lazily, the overlay lives on until the file is closed
        assertThat(MountInfo.read().at(sandbox.path("mnt"))).isEmpty();
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(500);
                held.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();
        ShiftMount again = mount("state", "mnt", SHIFT, Method.CHOWN);
        release.join();
        assertThat(again.result().walkSkipped()).isTrue();
        assertThat(stat(sandbox.path("mnt/home/user/file")).uid()).isEqualTo(SHIFT + 1000);
        again.unmount();
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }
}
