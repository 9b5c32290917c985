package dev.paddock.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.paddock.sys.Posix;
import dev.paddock.sys.StatX;
import dev.paddock.testing.MountSandbox;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.SampleTrees;
import dev.paddock.testing.TreeSnapshot;

/** The idmap method on real mounts: an idmapped clone of LOWER under a plain upper. */
class ShiftMounterIdmapTest {
    static final long SHIFT = 0x30000, RANGE = 0x10000;

    @RegisterExtension
    MountSandbox sandbox = new MountSandbox();

    Path lower;
    ShiftMounter mounter;

    @BeforeEach
    void setUp() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("unshare");
        lower = SampleTrees.rootfs(sandbox.path("lower"));
        mounter = new ShiftMounter(new ShiftMountConfig(sandbox.path("run"), KernelFeatures.probe(),
                (root, from, to, range) -> {
                    throw new AssertionError("idmap must not walk the tree");
                }));
    }

    ShiftMount mount(String state, String mnt, long shift) throws IOException {
        return mounter.mount(new ShiftMountSpec(lower, sandbox.path(state), sandbox.mkdir(mnt), shift, RANGE, Method.IDMAP));
    }

    /** paddock mounts of this test: other work on the host may have its own. */
    java.util.List<PaddockMount> ours(java.util.List<PaddockMount> all) {
        return all.stream().filter(m -> m.mountpoint().startsWith(sandbox.dir() + "/")).toList();
    }

    static StatX stat(Path p) throws IOException {
        return Posix.get().lstat(p.toString());
    }

    static byte[] xattr(Path p, String name) throws IOException {
        try (var dir = Posix.get().openDirectory(null, p.getParent().toString().getBytes())) {
            return Posix.get().getxattr(dir, p.getFileName().toString().getBytes(), name);
        }
    }

    @Test
    void viewIsShiftedWithSetuidAclsAndCapsWhileLowerStaysUntouched() throws Exception {
        TreeSnapshot before = TreeSnapshot.take(lower);
        ShiftMount m = mount("state", "mnt", SHIFT);
        Path v = sandbox.path("mnt");
        assertThat(m.result().method()).isEqualTo(Method.IDMAP);
        assertThat(m.result().files()).isNull();

        assertThat(stat(v).uid()).isEqualTo(SHIFT);
        assertThat(stat(v.resolve("etc/passwd"))).satisfies(s -> {
            assertThat(s.uid()).isEqualTo(SHIFT);
            assertThat(s.gid()).isEqualTo(SHIFT);
        });
        assertThat(stat(v.resolve("home/user/file")).uid()).isEqualTo(SHIFT + 1000);
        assertThat(stat(v.resolve("lib")).uid()).isEqualTo(SHIFT);
        assertThat(stat(v.resolve("dev/null")).rdevMajor()).isEqualTo(1);
        assertThat(stat(v.resolve("bin/su")).permissions()).isEqualTo(04755);
        // The kernel maps ACL entries through the idmapped layer, access and default alike.
        assertThat(Run.ok("getfacl", "-n", "--omit-header", v.resolve("srv/acl").toString()).out())
                .contains("user:" + (SHIFT + 1000) + ":rw-").contains("group:" + (SHIFT + 100) + ":r--");
        assertThat(Run.ok("getfacl", "-n", "--omit-header", v.resolve("srv/dacl").toString()).out())
                .contains("default:user:" + (SHIFT + 1000) + ":rwx");
        // A v2 capability (no rootid) reads back as v3 with rootid = the container's root, which is what
        // shift-own writes on disk.
        byte[] caps = xattr(v.resolve("bin/ping"), "security.capability");
        assertThat(caps).hasSize(24);
        ByteBuffer b = ByteBuffer.wrap(caps).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0) & 0xFF000000).isEqualTo(0x03000000);
        assertThat(Integer.toUnsignedLong(b.getInt(20))).isEqualTo(SHIFT);
        assertThat(Run.ok("getcap", v.resolve("bin/ping").toString()).out()).contains("cap_net_raw=ep");

        m.unmount();
        assertThat(TreeSnapshot.take(lower)).isEqualTo(before);
    }

    @Test
    void fullReadCopiesNothingUp() throws Exception {
        SampleTrees.bigFiles(lower.resolve("data"), 2, 4 << 20);
        ShiftMount m = mount("state", "mnt", SHIFT);
        try (Stream<Path> all = Files.walk(sandbox.path("mnt"))) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.readAllBytes(p);
                }
                Run.ok("getfattr", "-h", "-d", "-m", "-", p.toString());
            }
        }
        try (Stream<Path> upper = Files.list(sandbox.path("state/upper"))) {
            assertThat(upper).isEmpty();
        }
        m.unmount();
    }

    @Test
    void containerRootCanWriteInSlashAndItsFilesLandInUpperAsShift() throws Exception {
        Prereqs.requireTool("setpriv");
        ShiftMount m = mount("state", "mnt", SHIFT);
        Path v = sandbox.path("mnt");
        // The container's root owns / through the overlay: upper's root was given the shifted owner.
        assertThat(stat(sandbox.path("state/upper")).uid()).isEqualTo(SHIFT);
        Run.ok("setpriv", "--reuid=" + SHIFT, "--regid=" + SHIFT, "--clear-groups", "touch", v.resolve("new").toString(),
                v.resolve("etc/new").toString());
        assertThat(stat(sandbox.path("state/upper/new")).uid()).isEqualTo(SHIFT);
        assertThat(stat(sandbox.path("state/upper/etc/new"))).satisfies(s -> {
            assertThat(s.uid()).isEqualTo(SHIFT);
            assertThat(s.gid()).isEqualTo(SHIFT);
        });
        assertThat(lower.resolve("new")).doesNotExist();
        m.unmount();
    }

    @Test
    void twoMountsShareOneLowerWithDifferentShifts() throws Exception {
        TreeSnapshot before = TreeSnapshot.take(lower);
        ShiftMount a = mount("state-a", "a", 0x30000);
        ShiftMount b = mount("state-b", "b", 0x40000);
        assertThat(stat(sandbox.path("a/home/user/file")).uid()).isEqualTo(0x30000 + 1000);
        assertThat(stat(sandbox.path("b/home/user/file")).uid()).isEqualTo(0x40000 + 1000);
        assertThat(a.result().lowerClone()).isNotEqualTo(b.result().lowerClone());
        assertThat(ours(mounter.list())).extracting(PaddockMount::mountpoint, PaddockMount::shift, PaddockMount::method,
                        PaddockMount::lower)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(sandbox.path("a").toString(), 0x30000L, "idmap", lower.toString()),
                        org.assertj.core.groups.Tuple.tuple(sandbox.path("b").toString(), 0x40000L, "idmap", lower.toString()));
        b.unmount();
        a.unmount();
        assertThat(TreeSnapshot.take(lower)).isEqualTo(before);
    }

    @Test
    void unmountByPathTakesDownOverlayCloneAndStaging() throws Exception {
        ShiftMount m = mount("state", "mnt", SHIFT);
        Path clone = m.result().lowerClone();
        assertThat(MountInfo.read().at(clone)).isPresent();
        assertThat(MountState.read(sandbox.path("state"))).hasValueSatisfying(s -> {
            assertThat(s.method()).isEqualTo("idmap");
            assertThat(s.lowerClone()).isEqualTo(clone.toString());
            assertThat(s.lower()).isEqualTo(lower.toString());
        });

        PaddockMount gone = mounter.unmount(sandbox.path("mnt"));

        assertThat(gone.lowerClone()).isEqualTo(clone.toString());
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
        assertThat(clone).doesNotExist();
        assertThat(ours(mounter.list())).isEmpty();
    }

    @Test
    void remountReusesStateAndKeepsContainerWrites() throws Exception {
        ShiftMount m = mount("state", "mnt", SHIFT);
        Files.writeString(sandbox.path("mnt/etc/hostname"), "box\n");
        m.unmount();
        ShiftMount again = mounter.mount(new ShiftMountSpec(lower, sandbox.path("state"), sandbox.path("mnt"), SHIFT,
                RANGE, Method.IDMAP));
        assertThat(sandbox.path("mnt/etc/hostname")).hasContent("box");
        assertThat(stat(sandbox.path("mnt/etc/passwd")).uid()).isEqualTo(SHIFT);
        again.unmount();
    }
}
