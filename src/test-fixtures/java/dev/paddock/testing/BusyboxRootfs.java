package dev.paddock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A minimal container root filesystem: busybox-static with its applets as symlinks, the os-release file
 * systemd-nspawn insists on, and passwd/group files. Owned by root (ids 0), as an image is before it is
 * shifted.
 */
public final class BusyboxRootfs {
    private static final List<String> APPLETS = List.of("sh", "id", "cat", "ls", "touch", "chown", "stat", "sleep",
            "ip", "ping", "true", "false", "echo", "mkdir", "init", "ifconfig", "hostname", "mount");

    private BusyboxRootfs() {}

    public static Path build(Path dest) throws IOException {
        Path busybox = Path.of("/bin/busybox");
        Prereqs.require(Files.isExecutable(busybox), "/bin/busybox (Debian package busybox-static)");
        for (String d : List.of("bin", "sbin", "etc", "usr/lib", "proc", "sys", "dev", "tmp", "root", "run", "var/log")) {
            Files.createDirectories(dest.resolve(d));
        }
        Files.copy(busybox, dest.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(dest.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.createSymbolicLink(dest.resolve("sbin/init"), Path.of("../bin/busybox"));
        Files.writeString(dest.resolve("usr/lib/os-release"), "ID=paddock-test\nNAME=\"paddock busybox\"\n");
        Files.writeString(dest.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/tmp:/bin/sh\n");
        Files.writeString(dest.resolve("etc/group"), "root:x:0:\nuser:x:1000:\n");
        Files.setPosixFilePermissions(dest.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        return dest;
    }
}
