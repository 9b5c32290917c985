package dev.paddock.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small trees with the awkward cases an ownership shift must get right, built with the real tools. */
public final class SampleTrees {
    private SampleTrees() {}

    /**
     * A root-owned tree: dirs, a setuid binary, a file with a capability (v2, as setcap writes it on the
     * host), ACLs (access, and default on a dir), a symlink, a hardlink, a fifo, a device node, a file
     * owned by 1000:1000. Needs root, setfacl and setcap.
     */
    public static Path rootfs(Path root) throws IOException {
        Prereqs.requireTool("setfacl");
        Prereqs.requireTool("setcap");
        Prereqs.requireTool("getfacl");
        Prereqs.requireTool("getfattr");
        Prereqs.requireTool("getcap");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("srv/dacl"));
        Files.createDirectories(root.resolve("home/user"));
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.createLink(root.resolve("etc/hard"), root.resolve("etc/passwd"));
        Files.writeString(root.resolve("bin/su"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("bin/su"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Run.ok("chmod", "4755", root.resolve("bin/su").toString());
        Files.writeString(root.resolve("bin/ping"), "#!/bin/sh\n");
        Run.ok("setcap", "cap_net_raw+ep", root.resolve("bin/ping").toString());
        Files.writeString(root.resolve("srv/acl"), "acl\n");
        Run.ok("setfacl", "-m", "u:1000:rw,g:100:r", root.resolve("srv/acl").toString());
        Run.ok("setfacl", "-d", "-m", "u:1000:rwx", root.resolve("srv/dacl").toString());
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Run.ok("mkfifo", root.resolve("dev/fifo").toString());
        Run.ok("mknod", root.resolve("dev/null").toString(), "c", "1", "3");
        Files.writeString(root.resolve("home/user/file"), "mine\n");
        Run.ok("chown", "-R", "1000:1000", root.resolve("home/user").toString());
        return root;
    }

    /** {@code count} files of {@code size} bytes of real (non-sparse) data. */
    public static Path bigFiles(Path root, int count, int size) throws IOException {
        Files.createDirectories(root);
        byte[] block = new byte[1 << 20];
        new java.util.Random(42).nextBytes(block);
        for (int i = 0; i < count; i++) {
            try (RandomAccessFile f = new RandomAccessFile(root.resolve("big" + i).toFile(), "rw")) {
                for (int done = 0; done < size; done += block.length) {
                    f.write(block, 0, Math.min(block.length, size - done));
                }
            }
        }
        return root;
    }

    /** Disk use in bytes (st_blocks), without crossing into other filesystems. */
    public static long diskUsage(Path root) throws IOException {
        Run.Result r = Run.ok("du", "-s", "-x", "-B1", root.toString());
        return Long.parseLong(r.out().split("\\s+")[0]);
    }
}
