package dev.paddock.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {
    private final Posix posix = Posix.get();

    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void statMatchesJavaAndListsRawNames() throws Exception {
        Files.writeString(tmp.resolve("a"), "hello");
        Files.createDirectory(tmp.resolve("d"));
        Files.createSymbolicLink(tmp.resolve("l"), Path.of("/etc/passwd"));
        byte[] odd = {'x', (byte) 0xff, '\n', 'y'};
        try (Fd dir = posix.openDirectory(null, b(tmp.toString()))) {
            try (Fd f = posix.openat(dir, odd, Posix.O_CREAT | Posix.O_WRONLY | Posix.O_EXCL, 0640)) {
                assertThat(f.value()).isPositive();
            }
            StatX a = posix.lstatat(dir, b("a"));
            assertThat(a.size()).isEqualTo(5);
            assertThat(a.isRegular()).isTrue();
            assertThat(a.nlink()).isEqualTo(1);
            assertThat(a.ino()).isEqualTo(Files.getAttribute(tmp.resolve("a"), "unix:ino"));
            assertThat(a.mtimeSec()).isEqualTo(Files.getLastModifiedTime(tmp.resolve("a")).toInstant().getEpochSecond());
            assertThat(posix.lstatat(dir, b("l")).isSymlink()).isTrue();
            assertThat(posix.statat(dir, b("l"), 0).isRegular()).isTrue();
            assertThat(new String(posix.readlinkat(dir, b("l")), StandardCharsets.UTF_8)).isEqualTo("/etc/passwd");
            List<DirEntry> entries = posix.readdir(dir);
            assertThat(entries).extracting(DirEntry::displayName).hasSize(4);
            assertThat(entries).anySatisfy(e -> assertThat(e.name()).isEqualTo(odd));
            assertThat(entries).filteredOn(e -> e.displayName().equals("d")).singleElement()
                    .satisfies(e -> assertThat(e.isDirectory()).isTrue());
            assertThat(posix.lstatat(dir, odd).permissions()).isEqualTo(0640 & ~currentUmask());
        }
        Files.delete(tmp.resolve("l"));
    }

    private int currentUmask() {
        int old = posix.umask(022);
        posix.umask(old);
        return old;
    }

    @Test
    void errorsCarryErrnoAndName() throws Exception {
        try (Fd dir = posix.openDirectory(null, b(tmp.toString()))) {
            assertThatThrownBy(() -> posix.lstatat(dir, b("missing")))
                    .isInstanceOfSatisfying(PosixException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errnos.ENOENT);
                        assertThat(e.errnoName()).isEqualTo("ENOENT");
                        assertThat(e.path()).isEqualTo("missing");
                        assertThat(e.getMessage()).startsWith("missing: No such file or directory");
                    });
            Files.createSymbolicLink(tmp.resolve("ld"), tmp);
            assertThatThrownBy(() -> posix.openDirectory(dir, b("ld")))
                    .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isIn(Errnos.ELOOP, Errnos.ENOTDIR));
        }
    }

    @Test
    void xattrsThroughDirectoryDescriptor() throws Exception {
        Files.writeString(tmp.resolve("f"), "x");
        try (Fd dir = posix.openDirectory(null, b(tmp.toString()))) {
            posix.setxattr(dir, b("f"), "user.paddock", b("v1"), 0);
            assertThat(posix.listxattr(dir, b("f"))).contains("user.paddock");
            assertThat(posix.getxattr(dir, b("f"), "user.paddock")).isEqualTo(b("v1"));
            assertThat(posix.getxattr(dir, b("f"), "user.absent")).isNull();
            byte[] big = new byte[3000]; // over the first 256-byte guess, under ext4 one-block limit
            posix.setxattr(dir, b("f"), "user.big", big, 0);
            assertThat(posix.getxattr(dir, b("f"), "user.big")).hasSize(3000);
            posix.removexattr(dir, b("f"), "user.paddock");
            assertThat(posix.getxattr(dir, b("f"), "user.paddock")).isNull();
        }
    }

    @Test
    void chownChmodAndTimes() throws Exception {
        Path f = Files.createFile(tmp.resolve("f"));
        Files.createSymbolicLink(tmp.resolve("l"), f);
        try (Fd dir = posix.openDirectory(null, b(tmp.toString()))) {
            if (posix.geteuid() == 0) {
                posix.lchownat(dir, b("l"), 4242, 4343);
                StatX l = posix.lstatat(dir, b("l"));
                assertThat(l.uid()).isEqualTo(4242);
                assertThat(l.gid()).isEqualTo(4343);
                assertThat(posix.lstatat(dir, b("f")).uid()).isEqualTo(0);
            }
            posix.chmodat(dir, b("f"), 0604);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw----r--");
            posix.utimensat(dir, b("f"), 10, 5, 1234567890L, 123456789L);
            StatX s = posix.lstatat(dir, b("f"));
            assertThat(s.mtimeSec()).isEqualTo(1234567890L);
            assertThat(s.mtimeNsec()).isEqualTo(123456789);
        }
    }

    @Test
    void xattrsOfTheDescriptorItselfAndNoFollowChmod() throws Exception {
        Path f = Files.createFile(tmp.resolve("f"));
        Files.createSymbolicLink(tmp.resolve("l"), f);
        try (Fd dir = posix.openDirectory(null, b(tmp.toString()))) {
            posix.setxattr(dir, null, "user.self", b("me"), 0);
            assertThat(posix.listxattr(dir, null)).contains("user.self");
            assertThat(posix.listxattr(dir, b("f"))).doesNotContain("user.self");
            assertThat(posix.getxattr(dir, new byte[0], "user.self")).isEqualTo(b("me"));
            posix.removexattr(dir, null, "user.self");
            assertThat(posix.getxattr(dir, null, "user.self")).isNull();

            posix.chmodNoFollow(dir, b("f"), 0741);
            assertThat(posix.lstatat(dir, b("f")).permissions()).isEqualTo(0741);
            assertThatThrownBy(() -> posix.chmodNoFollow(dir, b("l"), 0700)).isInstanceOf(PosixException.class);
            assertThat(posix.lstatat(dir, b("f")).permissions()).isEqualTo(0741);
            assertThat(posix.isReadOnlyFilesystem(dir)).isFalse();
        }
    }

    @Test
    void preadFillsTheStartOfADirectBufferFromAnOffset() throws Exception {
        byte[] content = new byte[10_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        Files.write(tmp.resolve("data"), content);
        ByteBuffer direct = ByteBuffer.allocateDirect(8192);
        direct.position(100);
        try (Fd dir = posix.openDirectory(null, b(tmp.toString()));
             Fd f = posix.openat(dir, b("data"), Posix.O_RDONLY | Posix.O_NOFOLLOW, 0)) {
            assertThat(posix.pread(f, direct, 4096, 5000)).isEqualTo(4096);
            byte[] got = new byte[4096];
            direct.get(0, got);
            assertThat(got).isEqualTo(Arrays.copyOfRange(content, 5000, 9096));
            assertThat(posix.pread(f, direct, 8192, 9000)).as("short read at the end").isEqualTo(1000);
            assertThat(posix.pread(f, direct, 8192, 10_000)).as("end of file").isZero();
            assertThatThrownBy(() -> posix.pread(f, ByteBuffer.allocate(16), 16, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void makedevRoundTrips() {
        long dev = StatX.makedev(259, 1048577);
        assertThat(StatX.major(dev)).isEqualTo(259);
        assertThat(StatX.minor(dev)).isEqualTo(1048577);
        assertThat(StatX.makedev(8, 1)).isEqualTo(0x801);
    }

    @Test
    void fdXattrsFilesystemTypeAndProjectId() throws Exception {
        Files.writeString(tmp.resolve("x"), "x");
        try (Fd dir = posix.openDirectory(null, b(tmp.toString()));
             Fd f = posix.openat(dir, b("x"), Posix.O_RDONLY | Posix.O_NOFOLLOW, 0)) {
            posix.fsetxattr(f, "user.paddock", b("v1"), 0);
            assertThat(posix.flistxattr(f)).contains("user.paddock");
            assertThat(posix.fgetxattr(f, "user.paddock")).isEqualTo(b("v1"));
            assertThat(posix.getxattr(dir, b("x"), "user.paddock")).isEqualTo(b("v1"));
            assertThat(posix.fgetxattr(f, "user.absent")).isNull();
            // a list longer than the per-thread buffer the calls start with, then a short one again
            Files.writeString(tmp.resolve("many"), "m");
            try (Fd many = posix.openat(dir, b("many"), Posix.O_RDONLY | Posix.O_NOFOLLOW, 0)) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    names.add("user.a-rather-long-attribute-name-" + i);
                    posix.fsetxattr(many, names.get(i), b("v"), 0);
                }
                assertThat(posix.flistxattr(many)).containsExactlyInAnyOrderElementsOf(names);
                assertThat(posix.listxattr(dir, b("many"))).containsExactlyInAnyOrderElementsOf(names);
            }
            assertThat(posix.flistxattr(f)).containsExactly("user.paddock");
            assertThat(posix.listxattr(dir, b("x"))).containsExactly("user.paddock");
            long magic = posix.fstatfsType(f);
            // the test directory lives on a real filesystem: ext4 (0xEF53), tmpfs, xfs or btrfs
            assertThat(magic).isIn(0xEF53L, 0x01021994L, 0x58465342L, 0x9123683EL);
            if (magic == 0xEF53L && posix.geteuid() == 0) {
                try {
                    posix.setProjectId(f, 4242);
                    assertThat(posix.getProjectId(f)).isEqualTo(4242);
                    posix.setProjectId(f, 0);
                } catch (PosixException e) {
                    // ext4 without the "project" feature refuses ids other than 0
                    assertThat(e.errno()).isEqualTo(Errnos.EOPNOTSUPP);
                }
            }
            assertThat(posix.getProjectId(f)).isZero();
        }
    }
}
