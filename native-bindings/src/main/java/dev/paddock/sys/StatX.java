package dev.paddock.sys;

/**
 * The result of statx(2), arch-independent. {@code dev} and {@code rdev} use glibc's makedev encoding.
 */
public record StatX(long dev, long ino, long nlink, int mode, int uid, int gid, long rdev, long size, long blocks,
                    long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec,
                    long mountId, long attributes) {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 060000, S_IFDIR = 040000, S_IFCHR = 020000, S_IFIFO = 010000;
    public static final int S_ISUID = 04000, S_ISGID = 02000, S_ISVTX = 01000;
    /** statx attribute: the entry is the root of a mount (STATX_ATTR_MOUNT_ROOT). */
    public static final long ATTR_MOUNT_ROOT = 0x2000;

    public int type() { return mode & S_IFMT; }
    public int permissions() { return mode & 07777; }
    public boolean isDirectory() { return type() == S_IFDIR; }
    public boolean isRegular() { return type() == S_IFREG; }
    public boolean isSymlink() { return type() == S_IFLNK; }
    public boolean isDevice() { return type() == S_IFBLK || type() == S_IFCHR; }
    public boolean isMountRoot() { return (attributes & ATTR_MOUNT_ROOT) != 0; }
    public int devMajor() { return major(dev); }
    public int devMinor() { return minor(dev); }
    public int rdevMajor() { return major(rdev); }
    public int rdevMinor() { return minor(rdev); }
    public long mtimeNanos() { return mtimeSec * 1_000_000_000L + mtimeNsec; }

    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    public static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    public static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }
}
