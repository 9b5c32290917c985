package dev.paddock.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;

/**
 * Builds a tree with every kind of node and metadata casync archives, for the catar tests (root only).
 * Deterministic for a given seed. Named apart from the shared fixture builder that the shift work adds.
 */
public final class CatarFixtures {
    private CatarFixtures() {}

    /** What to include; some features break some casync flag sets (16-bit uids, unsupported nodes). */
    public record Options(boolean bigIds, boolean devices, boolean chattr, boolean acls, boolean caps) {
        public static Options all() {
            return new Options(true, true, true, true, true);
        }
    }

    public static Path build(Path root, Options o, long seed) throws IOException {
        Random rnd = new Random(seed);
        Files.createDirectories(root);
        Path d = root;
        write(d.resolve("plain.txt"), "hello casync\n".getBytes(StandardCharsets.UTF_8));
        write(d.resolve("empty"), new byte[0]);
        byte[] big = new byte[3 * 1024 * 1024 + 12345];
        rnd.nextBytes(big);
        write(d.resolve("large.bin"), big);
        write(d.resolve("owned-1000"), "u1000".getBytes(StandardCharsets.UTF_8));
        Run.ok("chown", "1000:100", d.resolve("owned-1000").toString());
        write(d.resolve("owned-unknown"), "u4242".getBytes(StandardCharsets.UTF_8));
        Run.ok("chown", "4242:4343", d.resolve("owned-unknown").toString());
        if (o.bigIds()) {
            write(d.resolve("owned-70000"), "u70000".getBytes(StandardCharsets.UTF_8));
            Run.ok("chown", "70000:70000", d.resolve("owned-70000").toString());
        }
        write(d.resolve("setuid"), "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        Run.ok("chmod", "4755", d.resolve("setuid").toString());
        write(d.resolve("setgid"), "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        Run.ok("chmod", "2711", d.resolve("setgid").toString());
        Files.createDirectories(d.resolve("sticky"));
        Run.ok("chmod", "1777", d.resolve("sticky").toString());
        if (o.caps()) {
            write(d.resolve("ping-like"), "caps".getBytes(StandardCharsets.UTF_8));
            Run.ok("setcap", "cap_net_raw+ep", d.resolve("ping-like").toString());
        }
        if (o.acls()) {
            write(d.resolve("acl-file"), "acl".getBytes(StandardCharsets.UTF_8));
            Run.ok("setfacl", "-m", "u:1000:rw,u:4242:r,g:100:r,g:1000:rwx", d.resolve("acl-file").toString());
            Files.createDirectories(d.resolve("acl-dir/inner"));
            Run.ok("setfacl", "-m", "u:1000:rwx", d.resolve("acl-dir").toString());
            Run.ok("setfacl", "-d", "-m", "u:1000:rwx,g:100:rx,o::-", d.resolve("acl-dir").toString());
            write(d.resolve("acl-dir/inherited"), "x".getBytes(StandardCharsets.UTF_8));
        }
        write(d.resolve("xattrs"), "x".getBytes(StandardCharsets.UTF_8));
        Run.ok("setfattr", "-n", "user.zeta", "-v", "last", d.resolve("xattrs").toString());
        Run.ok("setfattr", "-n", "user.alpha", "-v", "0x00ff10", d.resolve("xattrs").toString());
        Run.ok("setfattr", "-n", "trusted.paddock", "-v", "t", d.resolve("xattrs").toString());
        Files.createDirectories(d.resolve("xdir"));
        Run.ok("setfattr", "-n", "user.dir", "-v", "yes", d.resolve("xdir").toString());
        // SELinux labels are plain security.selinux xattrs to a kernel without SELinux; casync stores them
        // (NUL-terminated, as SELinux itself stores them and as casync restores them)
        Run.ok("setfattr", "-n", "security.selinux", "-v", label("system_u:object_r:etc_t:s0"), d.resolve("xattrs").toString());
        Run.ok("setfattr", "-n", "security.selinux", "-v", label("system_u:object_r:usr_t:s0"), d.resolve("xdir").toString());
        Files.createLink(d.resolve("hardlink"), d.resolve("plain.txt"));
        Files.createSymbolicLink(d.resolve("link-rel"), Path.of("plain.txt"));
        Files.createSymbolicLink(d.resolve("link-abs-outside"), Path.of("/tmp/outside-of-tree"));
        Files.createSymbolicLink(d.resolve("link-dangling"), Path.of("no/such/file"));
        Run.ok("setfattr", "-h", "-n", "security.selinux", "-v", label("system_u:object_r:link_t:s0"), d.resolve("link-dangling").toString());
        Run.ok("mkfifo", d.resolve("fifo").toString());
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(d.resolve("socket")));
        }
        if (o.devices()) {
            Run.ok("mknod", d.resolve("null-like").toString(), "c", "1", "3");
            Run.ok("mknod", d.resolve("loop-like").toString(), "b", "7", "200");
        }
        try (RandomAccessFile f = new RandomAccessFile(d.resolve("sparse").toFile(), "rw")) {
            f.setLength(8L * 1024 * 1024);
            f.seek(5L * 1024 * 1024);
            f.write("data in the middle".getBytes(StandardCharsets.UTF_8));
        }
        Path deep = d.resolve("a/b/c/d/e");
        Files.createDirectories(deep);
        write(deep.resolve("leaf"), "leaf".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 40; i++) {
            write(d.resolve("a/many-" + i), new byte[rnd.nextInt(3000)]);
        }
        write(d.resolve("name with\nnewline"), "nl".getBytes(StandardCharsets.UTF_8));
        write(d.resolve("#hash\\back slash"), "esc".getBytes(StandardCharsets.UTF_8));
        // casync extract needs room for ".#" + name + 16 hex digits of temporary name, so stay below 255 - 18
        write(d.resolve("x".repeat(236)), "long".getBytes(StandardCharsets.UTF_8));
        write(d.resolve("ünïcødé"), "utf8".getBytes(StandardCharsets.UTF_8));
        try (Fd dir = Posix.get().openDirectory(null, d.toString().getBytes(StandardCharsets.UTF_8));
             Fd f = Posix.get().openat(dir, new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe},
                     Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL, 0640)) {
            Posix.get().pwriteFully(f, new byte[] {1, 2, 3}, 3, 0);
        }
        if (o.chattr()) {
            write(d.resolve("nodump"), "skipped by default".getBytes(StandardCharsets.UTF_8));
            Run.ok("chattr", "+d", d.resolve("nodump").toString());
            write(d.resolve("noatime"), "A".getBytes(StandardCharsets.UTF_8));
            Run.ok("chattr", "+A", d.resolve("noatime").toString());
            Files.createDirectories(d.resolve("syncdir"));
            Run.ok("chattr", "+S", d.resolve("syncdir").toString());
        }
        setTimes(root, rnd);
        return root;
    }

    /** Gives every node a distinct nanosecond mtime, children before their directories. */
    private static void setTimes(Path root, Random rnd) throws IOException {
        try (var s = Files.walk(root)) {
            var all = s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : all) {
                long sec = 1_600_000_000L + rnd.nextInt(100_000_000);
                long ns = rnd.nextInt(1_000_000_000);
                byte[] name = p.toString().getBytes(StandardCharsets.UTF_8);
                try {
                    Posix.get().utimensat(null, name, sec, ns, sec, ns);
                } catch (dev.paddock.sys.PosixException e) {
                    // a non-UTF-8 name does not survive java.nio.file.Path; it keeps its creation time
                }
            }
        }
    }

    private static String label(String s) {
        return "0x" + java.util.HexFormat.of().formatHex((s + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(Path p, byte[] data) throws IOException {
        Files.write(p, data);
    }

    /** Removes a tree built here, clearing chattr flags first so that nothing stays behind. */
    public static void remove(Path root) {
        if (Files.exists(root)) {
            Run.cmd("chattr", "-R", "-a", "-i", root.toString());
            Run.cmd("rm", "-rf", root.toString());
        }
    }
}
