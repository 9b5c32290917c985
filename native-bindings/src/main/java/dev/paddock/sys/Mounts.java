package dev.paddock.sys;

import java.nio.charset.StandardCharsets;

/**
 * mount(2), umount2(2) and the new mount API (open_tree, mount_setattr, move_mount) used to build
 * idmapped mounts. The syscall numbers of the new API are the same on every architecture.
 */
public final class Mounts {
    public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REMOUNT = 32,
            MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19,
            MS_SHARED = 1 << 20;
    public static final int MNT_FORCE = 1, MNT_DETACH = 2, UMOUNT_NOFOLLOW = 8;
    public static final int OPEN_TREE_CLONE = 1;
    public static final int MOVE_MOUNT_F_EMPTY_PATH = 0x4;
    public static final long MOUNT_ATTR_RDONLY = 0x1, MOUNT_ATTR_IDMAP = 0x00100000;

    private static final long SYS_OPEN_TREE = 428, SYS_MOVE_MOUNT = 429, SYS_MOUNT_SETATTR = 442;

    private final Posix posix;

    private Mounts(Posix posix) {
        this.posix = posix;
    }

    public static Mounts get() {
        return new Mounts(Posix.get());
    }

    private static byte[] c(String s) {
        return s == null ? null : Posix.cstr(s.getBytes(StandardCharsets.UTF_8));
    }

    public void mount(String source, String target, String fstype, long flags, String data) throws PosixException {
        if (posix.extra().mount(c(source), c(target), c(fstype), flags, c(data)) != 0) {
            throw new PosixException("mount" + (fstype == null ? "" : " " + fstype), target, posix.lastError());
        }
    }

    public void umount2(String target, int flags) throws PosixException {
        if (posix.extra().umount2(c(target), flags) != 0) {
            throw new PosixException("umount", target, posix.lastError());
        }
    }

    /** open_tree(2): with {@link #OPEN_TREE_CLONE} a detached copy of the mount at {@code path}. */
    public Fd openTree(Fd dir, String path, int flags) throws PosixException {
        long fd = posix.extra().syscall(SYS_OPEN_TREE, dir == null ? Fd.CWD.value() : dir.value(), c(path),
                flags | Posix.O_CLOEXEC);
        if (fd < 0) {
            throw new PosixException("open_tree", path, posix.lastError());
        }
        return new Fd((int) fd, true);
    }

    /** mount_setattr(2) on the mount behind {@code fd}; {@code usernsFd} is used with MOUNT_ATTR_IDMAP. */
    public void mountSetattr(Fd fd, int flags, long attrSet, long attrClr, long propagation, Fd userns)
            throws PosixException {
        long[] attr = {attrSet, attrClr, propagation, userns == null ? 0 : userns.value()};
        long r = posix.extra().syscall(SYS_MOUNT_SETATTR, fd.value(), Posix.cstr(new byte[0]),
                flags | Posix.AT_EMPTY_PATH, attr, 32);
        if (r < 0) {
            throw new PosixException("mount_setattr", fd.toString(), posix.lastError());
        }
    }

    /** Attaches the detached mount {@code from} at {@code target}. */
    public void moveMount(Fd from, String target) throws PosixException {
        long r = posix.extra().syscall(SYS_MOVE_MOUNT, from.value(), Posix.cstr(new byte[0]), Fd.CWD.value(),
                c(target), MOVE_MOUNT_F_EMPTY_PATH);
        if (r < 0) {
            throw new PosixException("move_mount", target, posix.lastError());
        }
    }
}
