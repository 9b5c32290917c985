package dev.paddock.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.paddock.sys.Mounts;
import dev.paddock.testing.MountSandbox;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.SampleTrees;

/** Bad input and failures part-way: each is one line naming the thing, and leaves nothing mounted. */
class ShiftMounterFaultsTest {
    @RegisterExtension
    MountSandbox sandbox = new MountSandbox();

    Path lower;
    Path mnt;
    final AtomicInteger walks = new AtomicInteger();
    TreeShifter countingShifter = (root, from, to, range) -> {
        walks.incrementAndGet();
        return 1;
    };

    @BeforeEach
    void setUp() throws IOException {
        Prereqs.requireRoot();
        lower = SampleTrees.rootfs(sandbox.path("lower"));
        mnt = sandbox.mkdir("mnt");
    }

    ShiftMounter mounter(KernelFeatures features, TreeShifter shifter) {
        return new ShiftMounter(new ShiftMountConfig(sandbox.path("run"), features, shifter));
    }

    ShiftMounter mounter() {
        return mounter(KernelFeatures.probe(), countingShifter);
    }

    ShiftMountSpec spec(Path lowerDir, Path state, Path mountpoint, Method method) {
        return new ShiftMountSpec(lowerDir, state, mountpoint, 0x30000, 0x10000, method);
    }

    /** Only the mounts the test made itself may remain, and no staging directory. */
    void assertNothingLeftBut(String... ownMounts) throws IOException {
        assertThat(MountSandbox.mountsUnder(sandbox.dir()))
                .containsExactlyInAnyOrder(java.util.Arrays.stream(ownMounts).map(n -> sandbox.path(n).toString())
                        .toArray(String[]::new));
        Path staging = sandbox.path("run/shift-mount");
        if (Files.isDirectory(staging)) {
            try (var s = Files.list(staging)) {
                assertThat(s).isEmpty();
            }
        }
    }

    static void assertOneLine(Throwable e) {
        assertThat(e.getMessage()).doesNotContain("\n").isNotBlank();
    }

    @Test
    void lowerMissingOrNotADirectory() throws IOException {
        assertThatThrownBy(() -> mounter().mount(spec(sandbox.path("nope"), sandbox.path("state"), mnt, Method.AUTO)))
                .isInstanceOf(ShiftMountException.class).hasMessageContaining("nope: LOWER does not exist")
                .satisfies(ShiftMounterFaultsTest::assertOneLine);
        Files.writeString(sandbox.path("file"), "x");
        assertThatThrownBy(() -> mounter().mount(spec(sandbox.path("file"), sandbox.path("state"), mnt, Method.AUTO)))
                .hasMessageContaining("file: LOWER is not a directory");
        assertThat(sandbox.path("state")).doesNotExist();
        assertNothingLeftBut();
    }

    @Test
    void mountpointMissingOrAlreadyAMount() throws IOException {
        assertThatThrownBy(() -> mounter().mount(spec(lower, sandbox.path("state"), sandbox.path("absent"), Method.AUTO)))
                .hasMessageContaining("absent: MOUNTPOINT does not exist");
        Mounts.get().mount("tmpfs", mnt.toString(), "tmpfs", 0, "size=1m");
        assertThatThrownBy(() -> mounter().mount(spec(lower, sandbox.path("state"), mnt, Method.AUTO)))
                .hasMessageContaining("mnt: already a mount point");
        assertNothingLeftBut("mnt");
        assertThat(sandbox.path("state")).doesNotExist();
    }

    @Test
    void stateOnAFilesystemWithoutTrustedXattrs() throws IOException {
        // ramfs stores no xattrs at all: overlayfs would quietly fall back to metacopy=off and copy data.
        Path ram = sandbox.mkdir("ram");
        Mounts.get().mount("ramfs", ram.toString(), "ramfs", 0, null);
        for (Method m : Method.values()) {
            assertThatThrownBy(() -> mounter().mount(spec(lower, ram.resolve("state"), mnt, m)))
                    .hasMessageContaining("state: STATE's filesystem (ramfs) cannot store trusted.* xattrs")
                    .satisfies(ShiftMounterFaultsTest::assertOneLine);
        }
        assertThat(ram.resolve("state")).doesNotExist();
        assertNothingLeftBut("ram");
    }

    @Test
    void upperAndWorkOnDifferentFilesystems() throws IOException {
        Path state = sandbox.mkdir("state");
        Files.createDirectories(state.resolve("upper"));
        Files.createDirectories(state.resolve("work"));
        Mounts.get().mount("tmpfs", state.resolve("upper").toString(), "tmpfs", 0, "size=1m");
        assertThatThrownBy(() -> mounter().mount(spec(lower, state, mnt, Method.CHOWN)))
                .hasMessageContaining("upper/ and work/ are on different filesystems");
        assertNothingLeftBut("state/upper");
        assertThat(walks).hasValue(0);
    }

    @Test
    void forcedMethodOnAKernelWithoutTheFeature() {
        KernelFeatures real = KernelFeatures.probe();
        assertThatThrownBy(() -> mounter(real.without("idmap"), countingShifter)
                .mount(spec(lower, sandbox.path("state"), mnt, Method.IDMAP)))
                .hasMessageContaining("method idmap: this kernel lacks idmapped mounts (needs Linux 5.12+)");
        assertThatThrownBy(() -> mounter(real.without("overlay-idmap"), countingShifter)
                .mount(spec(lower, sandbox.path("state"), mnt, Method.IDMAP)))
                .hasMessageContaining("cannot use idmapped layers (needs Linux 5.19+)");
        assertThatThrownBy(() -> mounter(real.without("metacopy"), countingShifter)
                .mount(spec(lower, sandbox.path("state"), mnt, Method.CHOWN)))
                .hasMessageContaining("lacks metacopy=on");
        assertThat(sandbox.path("state")).doesNotExist();
    }

    @Test
    void autoWithoutIdmapSupportUsesChown() throws IOException {
        ShiftMount m = mounter(KernelFeatures.probe().without("idmap"), countingShifter)
                .mount(spec(lower, sandbox.path("state"), mnt, Method.AUTO));
        assertThat(m.result().method()).isEqualTo(Method.CHOWN);
        assertThat(m.result().fallbackReason()).contains("idmapped");
        assertThat(walks).hasValue(1);
        m.unmount();
        assertNothingLeftBut();
    }

    /**
     * overlayfs has no FS_ALLOW_IDMAP, so an overlay as LOWER is a real filesystem that refuses idmapping.
     * nfs_export=on gives it file handles, which the outer overlay's index=on needs.
     */
    Path overlayLower() throws IOException {
        Path ol = sandbox.mkdir("olower");
        Files.createDirectories(sandbox.path("ol-upper"));
        Files.createDirectories(sandbox.path("ol-work"));
        Mounts.get().mount("test-lower", ol.toString(), "overlay", 0, "lowerdir=" + lower + ",upperdir="
                + sandbox.path("ol-upper") + ",workdir=" + sandbox.path("ol-work") + ",index=on,nfs_export=on");
        return ol;
    }

    @Test
    void idmapForcedOnAFilesystemThatCannotBeIdmapped() throws IOException {
        Path ol = overlayLower();
        assertThatThrownBy(() -> mounter().mount(spec(ol, sandbox.path("state"), mnt, Method.IDMAP)))
                .isInstanceOf(IdmapUnsupportedException.class)
                .hasMessageContaining("olower: LOWER's filesystem (overlay) does not support idmapped mounts")
                .satisfies(ShiftMounterFaultsTest::assertOneLine);
        assertNothingLeftBut("olower");
        assertThat(sandbox.path("state")).doesNotExist();
    }

    @Test
    void autoFallsBackToChownWhenLowerCannotBeIdmapped() throws IOException {
        Path ol = overlayLower();
        ShiftMount m = mounter().mount(spec(ol, sandbox.path("state"), mnt, Method.AUTO));
        assertThat(m.result().method()).isEqualTo(Method.CHOWN);
        assertThat(m.result().fallbackReason()).contains("does not support idmapped mounts");
        assertThat(walks).hasValue(1);
        m.unmount();
        assertNothingLeftBut("olower");
    }

    @Test
    void aShiftFailingHalfwayUnmountsAndReportsTheFile() throws IOException {
        TreeShifter failing = (root, from, to, range) -> {
            throw new IOException(root.resolve("etc/passwd") + ": No space left on device");
        };
        assertThatThrownBy(() -> mounter(KernelFeatures.probe(), failing)
                .mount(spec(lower, sandbox.path("state"), mnt, Method.CHOWN)))
                .hasMessageContaining("mnt/etc/passwd: No space left on device");
        assertNothingLeftBut();
    }

    @Test
    void stateInUseByAnotherMountIsRefused() throws IOException {
        ShiftMount first = mounter().mount(spec(lower, sandbox.path("state"), mnt, Method.IDMAP));
        Path other = sandbox.mkdir("other");
        assertThatThrownBy(() -> mounter().mount(spec(lower, sandbox.path("state"), other, Method.IDMAP)))
                .hasMessageContaining("state: STATE is in use by the overlay at " + mnt);
        first.unmount();
        assertNothingLeftBut();
    }

    @Test
    void unmountOfSomethingElseIsRefused() throws IOException {
        Mounts.get().mount("tmpfs", mnt.toString(), "tmpfs", 0, "size=1m");
        assertThatThrownBy(() -> mounter().unmount(mnt)).hasMessageContaining("mnt: not a paddock shift mount");
        assertThatThrownBy(() -> mounter().unmount(sandbox.path("lower"))).hasMessageContaining("lower: not mounted");
        assertNothingLeftBut("mnt");
    }

    @Test
    void chownRefusesALowerWithoutFileHandles() throws IOException {
        // An overlay without nfs_export has no file handles: index=on would fall back, splitting hardlinks.
        Path ol = sandbox.mkdir("plain-olower");
        Files.createDirectories(sandbox.path("p-upper"));
        Files.createDirectories(sandbox.path("p-work"));
        Mounts.get().mount("test-lower", ol.toString(), "overlay", 0, "lowerdir=" + lower + ",upperdir="
                + sandbox.path("p-upper") + ",workdir=" + sandbox.path("p-work"));
        assertThatThrownBy(() -> mounter().mount(spec(ol, sandbox.path("state"), mnt, Method.CHOWN)))
                .hasMessageContaining("plain-olower: overlayfs fell back to index=off")
                .satisfies(ShiftMounterFaultsTest::assertOneLine);
        assertThat(walks).hasValue(0);
        assertNothingLeftBut("plain-olower");
    }

    @Test
    void aStateMadeOverAnotherLowerIsRefused() throws IOException {
        ShiftMount m = mounter().mount(spec(lower, sandbox.path("state"), mnt, Method.CHOWN));
        m.unmount();
        Path other = SampleTrees.rootfs(sandbox.path("other-lower"));
        assertThatThrownBy(() -> mounter().mount(spec(other, sandbox.path("state"), mnt, Method.CHOWN)))
                .hasMessageContaining("state: STATE was made over a different LOWER");
        assertNothingLeftBut();
    }
}
