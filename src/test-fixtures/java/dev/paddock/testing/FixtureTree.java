package dev.paddock.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.StatX;

/**
 * Builds test trees on real files with everything an ownership shift or an image has to get right:
 * files owned by 0 and 1000, setuid/setgid binaries, file capabilities, access and default ACLs with
 * named entries, hardlinks, symlinks pointing out of the tree, a fifo, a socket, a device node, a sparse
 * file, an id outside the usual range (70000), a path deeper than PATH_MAX, and names with a newline
 * and with bytes that are not UTF-8. Needs root (chown, mknod) and the setcap/setfacl tools.
 *
 * <p>The names are constants so tests can find the interesting entries.
 */
public final class FixtureTree {
    public static final String OWNED_ROOT = "etc/owned-by-root";
    public static final String OWNED_USER = "home/user/owned-by-1000";
    public static final String SETUID = "usr/bin/setuid-tool";
    public static final String SETGID = "usr/bin/setgid-tool";
    public static final String SETGID_DIR = "var/shared";
    public static final String CAPS = "usr/bin/ping";
    public static final String ACL_FILE = "srv/acl-file";
    public static final String ACL_DIR = "srv/acl-dir";
    public static final String HARDLINK_A = "usr/lib/lib-a.so";
    public static final String HARDLINK_B = "usr/lib/lib-b.so";
    public static final String SYMLINK_OUT = "etc/passwd-link";
    public static final String SYMLINK_DANGLING = "etc/dangling";
    public static final String FIFO = "run/fifo";
    public static final String SOCKET = "run/sock";
    public static final String DEVICE = "dev/null";
    public static final String SPARSE = "var/sparse.img";
    public static final String FOREIGN = "opt/foreign-70000";
    public static final String DEEP = "deep";
    public static final String NEWLINE_NAME = "odd/new\nline";
    /** {@code odd/bad\xff\xfe} as raw bytes. */
    public static final byte[] NON_UTF8_NAME = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe};
    public static final int FOREIGN_ID = 70000;
    public static final int USER_ID = 1000;
    /** Each component of the deep chain; {@link #DEEP_LEVELS} of them exceed PATH_MAX (4096). */
    public static final int DEEP_NAME_LENGTH = 200, DEEP_LEVELS = 24;
    public static final long SPARSE_SIZE = 64L << 20;

    /** What to put in. {@code deepPath=false} for peer tools that walk by full path (fuidshift). */
    public record Options(boolean deepPath) {
        public static Options all() {
            return new Options(true);
        }

        public static Options withoutDeepPath() {
            return new Options(false);
        }
    }

    private FixtureTree() {}

    /** Builds the full fixture in {@code dir} (which must exist), owned by 0 at the top. */
    public static void build(Path dir) throws IOException {
        build(dir, Options.all());
    }

    public static void build(Path dir, Options options) throws IOException {
        Posix posix = Posix.get();
        for (String d : new String[] {"etc", "home/user", "usr/bin", "usr/lib", "srv/acl-dir", "run", "dev", "var",
                "opt", "odd", SETGID_DIR}) {
            Files.createDirectories(dir.resolve(d));
        }
        file(dir, OWNED_ROOT, "root's file\n", 0, 0, 0644);
        file(dir, OWNED_USER, "user's file\n", USER_ID, USER_ID, 0600);
        chown(dir.resolve("home/user"), USER_ID, USER_ID);
        file(dir, SETUID, "#!/bin/true\n", 0, 0, 04755);
        file(dir, SETGID, "#!/bin/true\n", 0, 50, 02755);
        chown(dir.resolve(SETGID_DIR), 0, 50);
        chmod(dir.resolve(SETGID_DIR), 02775);
        file(dir, CAPS, "ping\n", 0, 0, 0755);
        Run.ok("setcap", "cap_net_raw+ep", dir.resolve(CAPS).toString());
        file(dir, ACL_FILE, "acl\n", 0, 0, 0640);
        Run.ok("setfacl", "-m", "u:1000:rw,g:1001:r,u:1002:r", dir.resolve(ACL_FILE).toString());
        Run.ok("setfacl", "-m", "u:1000:rwx,g:1001:rx", dir.resolve(ACL_DIR).toString());
        Run.ok("setfacl", "-d", "-m", "u:1000:rwx,g:1001:rx,u:0:r", dir.resolve(ACL_DIR).toString());
        file(dir, HARDLINK_A, "shared inode\n", USER_ID, USER_ID, 0644);
        Files.createLink(dir.resolve(HARDLINK_B), dir.resolve(HARDLINK_A));
        Files.createSymbolicLink(dir.resolve(SYMLINK_OUT), Path.of("/etc/passwd"));
        Files.createSymbolicLink(dir.resolve(SYMLINK_DANGLING), Path.of("../nowhere"));
        Files.createSymbolicLink(dir.resolve("etc/relative-link"), Path.of("owned-by-root"));
        try (Fd run = posix.openDirectory(null, bytes(dir.resolve("run").toString()))) {
            posix.mknodat(run, bytes("fifo"), StatX.S_IFIFO | 0640, 0);
        }
        try (Fd dev = posix.openDirectory(null, bytes(dir.resolve("dev").toString()))) {
            posix.mknodat(dev, bytes("null"), StatX.S_IFCHR | 0666, StatX.makedev(1, 3));
        }
        socket(dir.resolve(SOCKET));
        sparse(dir.resolve(SPARSE));
        file(dir, FOREIGN, "foreign\n", FOREIGN_ID, FOREIGN_ID, 0644);
        file(dir, NEWLINE_NAME, "newline\n", USER_ID, 0, 0644);
        try (Fd odd = posix.openDirectory(null, bytes(dir.resolve("odd").toString()))) {
            try (Fd f = posix.openat(odd, NON_UTF8_NAME, Posix.O_CREAT | Posix.O_WRONLY | Posix.O_EXCL, 0644)) {
                posix.pwriteFully(f, bytes("not utf-8\n"), 10, 0);
            }
            posix.lchownat(odd, NON_UTF8_NAME, USER_ID, USER_ID);
        }
        if (options.deepPath()) {
            deep(dir);
        }
    }

    /** Builds a chain of directories longer than PATH_MAX, through descriptors, with a file at the bottom. */
    private static void deep(Path dir) throws IOException {
        Posix posix = Posix.get();
        byte[] component = new byte[DEEP_NAME_LENGTH];
        Arrays.fill(component, (byte) 'd');
        Fd current = posix.openDirectory(null, bytes(dir.toString()));
        try {
            posix.mkdirat(current, bytes(DEEP), 0755);
            Fd next = posix.openDirectory(current, bytes(DEEP));
            current.close();
            current = next;
            for (int i = 0; i < DEEP_LEVELS; i++) {
                posix.mkdirat(current, component, 0755);
                if (i % 5 == 0) {
                    posix.lchownat(current, component, USER_ID, USER_ID);
                }
                next = posix.openDirectory(current, component);
                current.close();
                current = next;
            }
            try (Fd f = posix.openat(current, bytes("bottom"), Posix.O_CREAT | Posix.O_WRONLY | Posix.O_EXCL, 0640)) {
                posix.pwriteFully(f, bytes("deep\n"), 5, 0);
            }
            posix.lchownat(current, bytes("bottom"), USER_ID, USER_ID);
        } finally {
            current.close();
        }
    }

    /**
     * A plain bulk tree of about {@code entries} entries (directories of up to 50 files, some owned by
     * 1000, some symlinks), for timing and interruption tests. Deterministic for a given seed.
     */
    public static void bulk(Path dir, int entries, long seed) throws IOException {
        Posix posix = Posix.get();
        Random random = new Random(seed);
        int made = 0;
        int dirNo = 0;
        byte[] content = new byte[20];
        while (made < entries) {
            Path d = dir.resolve("d" + (dirNo / 40)).resolve("s" + dirNo);
            Files.createDirectories(d);
            made++;
            int files = Math.min(50, entries - made);
            try (Fd fd = posix.openDirectory(null, bytes(d.toString()))) {
                for (int i = 0; i < files; i++) {
                    byte[] name = bytes("f" + i);
                    int kind = random.nextInt(20);
                    if (kind == 0) {
                        posix.symlinkat(bytes("../s" + Math.max(0, dirNo - 1) + "/f0"), fd, name);
                        continue;
                    }
                    try (Fd f = posix.openat(fd, name, Posix.O_CREAT | Posix.O_WRONLY | Posix.O_EXCL, 0644)) {
                        posix.pwriteFully(f, content, kind, 0);
                    }
                    if (kind < 5) {
                        posix.lchownat(fd, name, USER_ID + kind, USER_ID);
                    }
                }
            }
            made += files;
            dirNo++;
        }
    }

    private static void file(Path dir, String rel, String content, int uid, int gid, int mode) throws IOException {
        Path f = dir.resolve(rel);
        Files.writeString(f, content);
        chown(f, uid, gid);
        chmod(f, mode);
    }

    public static void chown(Path p, int uid, int gid) throws IOException {
        Posix.get().lchownat(null, bytes(p.toString()), uid, gid);
    }

    public static void chmod(Path p, int mode) throws IOException {
        Posix.get().chmodat(null, bytes(p.toString()), mode);
    }

    private static void socket(Path p) throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(p));
        }
    }

    private static void sparse(Path p) throws IOException {
        try (Fd f = Posix.get().openat(null, bytes(p.toString()), Posix.O_CREAT | Posix.O_WRONLY | Posix.O_EXCL, 0644)) {
            Posix.get().pwriteFully(f, bytes("head"), 4, 0);
            Posix.get().pwriteFully(f, bytes("tail"), 4, SPARSE_SIZE - 4);
        }
    }

    /** A copy with {@code cp -a} (keeps owners, modes, xattrs, ACLs, caps, hardlinks, sparseness). */
    public static void copy(Path from, Path to) {
        Run.ok("cp", "-a", from.toString() + "/.", to.toString());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
