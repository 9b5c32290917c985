package dev.paddock.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jnr.ffi.LibraryLoader;

/**
 * The typed facade over libc. Every call that fails throws {@link PosixException} with the errno and
 * the name it was about. Names are byte arrays (one component, or a relative path for the *at calls);
 * a {@code null} or empty name with {@link #AT_EMPTY_PATH} addresses the descriptor itself.
 *
 * <p>The single instance holds only the loaded library, which is immutable once loaded.
 */
public final class Posix {
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400,
            O_TRUNC = 01000, O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000,
            O_CLOEXEC = 02000000, O_PATH = 010000000, O_NOATIME = 01000000, O_TMPFILE = 020200000;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_SYMLINK_FOLLOW = 0x400,
            AT_NO_AUTOMOUNT = 0x800, AT_EMPTY_PATH = 0x1000, AT_RECURSIVE = 0x8000;
    public static final int RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;
    public static final int XATTR_CREATE = 1, XATTR_REPLACE = 2;
    public static final long UTIME_OMIT = (1L << 30) - 2L;

    private static final int STATX_BASIC_STATS = 0x7ff, STATX_MNT_ID = 0x1000;
    private static final long FS_IOC_GETFLAGS = 0x80086601L, FS_IOC_SETFLAGS = 0x40086602L,
            FS_IOC_FSGETXATTR = 0x801c581fL, FS_IOC_FSSETXATTR = 0x401c5820L;
    private static final byte[] EMPTY = {0};
    private static final long SYS_FCHMODAT2 = 452, SYS_LISTXATTRAT = 465; // same number on every architecture
    private static final int ST_RDONLY = 1, STATVFS_SIZE = 112, STATVFS_FLAG_OFFSET = 72;

    /** Cleared once the kernel answers ENOSYS, so the fallback costs one failed call per process. */
    private volatile boolean haveXattrAt = true;
    private volatile boolean haveFchmodat2 = true;

    private final LibC libc;
    /**
     * A walk stats, lists or reads the xattr names of every entry; fresh buffers for each call made a
     * shift of 53k entries allocate ~60 MB, and the page faults of a heap growing into it cost more CPU
     * than the chowns did.
     */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final byte[] statx = new byte[256];
        final byte[] dents = new byte[8192];
        final byte[] xattrNames = new byte[256];
    }

    private Posix(LibC libc) {
        this.libc = libc;
    }

    private static final class Holder {
        static final Posix INSTANCE = new Posix(LibC.load());
    }

    /** Bound on first use: a shift-own run never calls these (see {@link LibC}). */
    private static final class Extra {
        static final LibCExtra LIB = LibraryLoader.create(LibCExtra.class).load("c");
    }

    public static Posix get() {
        return Holder.INSTANCE;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A NUL-terminated copy of {@code bytes}, as the C calls want. */
    static byte[] cstr(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        return out;
    }

    static byte[] cstr(String s) {
        return s == null ? null : cstr(s.getBytes(StandardCharsets.UTF_8));
    }

    static String show(byte[] name) {
        return name == null ? "" : new String(name, StandardCharsets.UTF_8);
    }

    private int errno() {
        return LibC.lastError();
    }

    private PosixException fail(String op, byte[] name) {
        return new PosixException(op, show(name), errno());
    }

    private PosixException fail(String op, String name) {
        return new PosixException(op, name, errno());
    }

    private static int fdOf(Fd dir) {
        return dir == null ? Fd.CWD.value() : dir.value();
    }

    private static int withEmpty(byte[] name, int flags) {
        return name == null || name.length == 0 ? flags | AT_EMPTY_PATH : flags;
    }

    void closeRaw(int fd) {
        libc.close(fd);
    }

    // ---- files -----------------------------------------------------------------------------------

    public Fd openat(Fd dir, byte[] name, int flags, int mode) throws PosixException {
        int fd = libc.openat(fdOf(dir), cstr(name), flags | O_CLOEXEC, mode);
        if (fd < 0) {
            throw fail("open", name);
        }
        return new Fd(fd, true);
    }

    public Fd open(String path, int flags) throws PosixException {
        return openat(null, path.getBytes(StandardCharsets.UTF_8), flags, 0);
    }

    /** Opens a directory for walking: never follows a symlink in the last component. */
    public Fd openDirectory(Fd dir, byte[] name) throws PosixException {
        return openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK, 0);
    }

    public StatX statat(Fd dir, byte[] name, int flags) throws PosixException {
        byte[] buf = scratch.get().statx;
        if (libc.statx(fdOf(dir), cstr(name), withEmpty(name, flags), STATX_BASIC_STATS | STATX_MNT_ID, buf) != 0) {
            throw fail("stat", name);
        }
        return parseStatx(buf);
    }

    /** lstat semantics relative to {@code dir}. */
    public StatX lstatat(Fd dir, byte[] name) throws PosixException {
        return statat(dir, name, AT_SYMLINK_NOFOLLOW);
    }

    public StatX fstat(Fd fd) throws PosixException {
        return statat(fd, null, AT_EMPTY_PATH);
    }

    public StatX lstat(String path) throws PosixException {
        try {
            return lstatat(null, path.getBytes(StandardCharsets.UTF_8));
        } catch (PosixException e) {
            throw e.at(path);
        }
    }

    static StatX parseStatx(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long attributes = b.getLong(8);
        long nlink = Integer.toUnsignedLong(b.getInt(16));
        int uid = b.getInt(20);
        int gid = b.getInt(24);
        int mode = Short.toUnsignedInt(b.getShort(28));
        long ino = b.getLong(32);
        long size = b.getLong(40);
        long blocks = b.getLong(48);
        long atime = b.getLong(64);
        int atimeNs = b.getInt(72);
        long ctime = b.getLong(96);
        int ctimeNs = b.getInt(104);
        long mtime = b.getLong(112);
        int mtimeNs = b.getInt(120);
        long rdev = StatX.makedev(Integer.toUnsignedLong(b.getInt(128)), Integer.toUnsignedLong(b.getInt(132)));
        long dev = StatX.makedev(Integer.toUnsignedLong(b.getInt(136)), Integer.toUnsignedLong(b.getInt(140)));
        long mntId = b.getLong(144);
        return new StatX(dev, ino, nlink, mode, uid, gid, rdev, size, blocks, atime, atimeNs, mtime, mtimeNs, ctime,
                ctimeNs, mntId, attributes);
    }

    /** lchown semantics relative to {@code dir}; {@code -1} leaves an id unchanged. */
    public void lchownat(Fd dir, byte[] name, int uid, int gid) throws PosixException {
        if (libc.fchownat(fdOf(dir), cstr(name), uid, gid, withEmpty(name, AT_SYMLINK_NOFOLLOW)) != 0) {
            throw fail("chown", name);
        }
    }

    /** chmod of a non-symlink entry relative to {@code dir} (symlinks have no mode of their own). */
    public void chmodat(Fd dir, byte[] name, int mode) throws PosixException {
        if (libc.fchmodat(fdOf(dir), cstr(name), mode, 0) != 0) {
            throw fail("chmod", name);
        }
    }

    /**
     * chmod that never follows a symlink in the last component, so a name swapped for a symlink cannot
     * redirect the change. fchmodat2(2) where present, else through an O_PATH descriptor.
     */
    public void chmodNoFollow(Fd dir, byte[] name, int mode) throws PosixException {
        if (haveFchmodat2) {
            if (libc.fchmodat2(SYS_FCHMODAT2, fdOf(dir), cstr(name), mode, withEmpty(name, AT_SYMLINK_NOFOLLOW)) == 0) {
                return;
            }
            int err = errno();
            if (err != Errnos.ENOSYS) {
                throw new PosixException("chmod", show(name), err);
            }
            haveFchmodat2 = false;
        }
        try (Fd f = openat(dir, name, O_PATH | O_NOFOLLOW, 0)) {
            if (fstat(f).isSymlink()) {
                throw new PosixException("chmod", show(name), Errnos.ELOOP);
            }
            if (libc.fchmodat(Fd.CWD.value(), cstr(f.procPath().toString()), mode, 0) != 0) {
                throw fail("chmod", name);
            }
        }
    }

    /** Whether the filesystem holding {@code fd} is mounted read-only (statvfs ST_RDONLY). */
    public boolean isReadOnlyFilesystem(Fd fd) throws PosixException {
        byte[] buf = new byte[STATVFS_SIZE];
        if (libc.fstatvfs(fd.value(), buf) != 0) {
            throw fail("statvfs", fd.toString());
        }
        long flags = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).getLong(STATVFS_FLAG_OFFSET);
        return (flags & ST_RDONLY) != 0;
    }

    public void fchmod(Fd fd, int mode) throws PosixException {
        if (libc.fchmod(fd.value(), mode) != 0) {
            throw fail("chmod", fd.toString());
        }
    }

    /**
     * Lists a directory by descriptor with getdents64; "." and ".." are left out. The buffer is sized for
     * the common small directory (bigger ones take more calls): a tree walk lists every directory, and a
     * fresh 32 KB buffer each time was half of a shift's allocation (and its page faults).
     */
    public List<DirEntry> readdir(Fd dir) throws PosixException {
        List<DirEntry> out = new ArrayList<>();
        byte[] buf = scratch.get().dents;
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        libc.lseek(dir.value(), 0, 0);
        while (true) {
            long n = libc.getdents64(dir.value(), buf, buf.length);
            if (n < 0) {
                throw fail("readdir", dir.toString());
            }
            if (n == 0) {
                return out;
            }
            int pos = 0;
            while (pos < n) {
                long ino = b.getLong(pos);
                int reclen = Short.toUnsignedInt(b.getShort(pos + 16));
                int type = Byte.toUnsignedInt(buf[pos + 18]);
                int start = pos + 19;
                int end = start;
                while (end < pos + reclen && buf[end] != 0) {
                    end++;
                }
                int len = end - start;
                boolean dot = (len == 1 && buf[start] == '.') || (len == 2 && buf[start] == '.' && buf[start + 1] == '.');
                if (!dot) {
                    out.add(new DirEntry(Arrays.copyOfRange(buf, start, end), ino, type));
                }
                pos += reclen;
            }
        }
    }

    public byte[] readlinkat(Fd dir, byte[] name) throws PosixException {
        int size = 256;
        while (true) {
            byte[] buf = new byte[size];
            long n = libc.readlinkat(fdOf(dir), cstr(name), buf, size);
            if (n < 0) {
                throw fail("readlink", name);
            }
            if (n < size) {
                return Arrays.copyOf(buf, (int) n);
            }
            size *= 4;
        }
    }

    public void mkdirat(Fd dir, byte[] name, int mode) throws PosixException {
        if (libc.mkdirat(fdOf(dir), cstr(name), mode) != 0) {
            throw fail("mkdir", name);
        }
    }

    public void mknodat(Fd dir, byte[] name, int mode, long dev) throws PosixException {
        if (libc.mknodat(fdOf(dir), cstr(name), mode, dev) != 0) {
            throw fail("mknod", name);
        }
    }

    public void symlinkat(byte[] target, Fd dir, byte[] name) throws PosixException {
        if (libc.symlinkat(cstr(target), fdOf(dir), cstr(name)) != 0) {
            throw fail("symlink", name);
        }
    }

    /** Hard-links {@code oldName} (never following a symlink) as {@code newName}. */
    public void linkat(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName) throws PosixException {
        if (libc.linkat(fdOf(oldDir), cstr(oldName), fdOf(newDir), cstr(newName), 0) != 0) {
            throw fail("link", newName);
        }
    }

    public void unlinkat(Fd dir, byte[] name, int flags) throws PosixException {
        if (libc.unlinkat(fdOf(dir), cstr(name), flags) != 0) {
            throw fail("unlink", name);
        }
    }

    public void renameat2(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName, int flags) throws PosixException {
        if (libc.renameat2(fdOf(oldDir), cstr(oldName), fdOf(newDir), cstr(newName), flags) != 0) {
            throw fail("rename", newName);
        }
    }

    /** Sets atime and mtime (seconds, nanoseconds) without following symlinks. */
    public void utimensat(Fd dir, byte[] name, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec)
            throws PosixException {
        long[] times = {atimeSec, atimeNsec, mtimeSec, mtimeNsec};
        if (libc.utimensat(fdOf(dir), cstr(name), times, withEmpty(name, AT_SYMLINK_NOFOLLOW)) != 0) {
            throw fail("utimensat", name);
        }
    }

    public void fsync(Fd fd) throws PosixException {
        if (libc.fsync(fd.value()) != 0) {
            throw fail("fsync", fd.toString());
        }
    }

    public void ftruncate(Fd fd, long length) throws PosixException {
        if (libc.ftruncate(fd.value(), length) != 0) {
            throw fail("ftruncate", fd.toString());
        }
    }

    /** lseek; SEEK_DATA (3) and SEEK_HOLE (4) find a sparse file's extents. Returns -1 on ENXIO. */
    public long lseek(Fd fd, long offset, int whence) throws PosixException {
        long r = libc.lseek(fd.value(), offset, whence);
        if (r < 0) {
            int err = errno();
            if (err == 6) {
                return -1;
            }
            throw new PosixException("lseek", fd.toString(), err);
        }
        return r;
    }

    /** Reads up to {@code len} bytes at {@code offset} into the start of a direct buffer. */
    public int pread(Fd fd, ByteBuffer direct, int len, long offset) throws PosixException {
        if (!direct.isDirect() || len > direct.capacity()) {
            throw new IllegalArgumentException("pread needs a direct buffer of at least " + len + " bytes");
        }
        long n = libc.pread(fd.value(), direct.clear(), len, offset);
        if (n < 0) {
            throw fail("read", fd.toString());
        }
        return (int) n;
    }

    /**
     * Reads at {@code offset} into a direct buffer's {@code [position, limit)} and advances its position
     * past what was read; returns that count, 0 at the end of the file.
     */
    public int pread(Fd fd, ByteBuffer direct, long offset) throws PosixException {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("pread needs a direct buffer");
        }
        long n = libc.pread(fd.value(), direct, direct.position(), direct.remaining(), offset);
        if (n < 0) {
            throw fail("read", fd.toString());
        }
        direct.position(direct.position() + (int) n);
        return (int) n;
    }

    /** Writes a direct buffer's {@code [position, limit)} at {@code offset}; the position ends at the limit. */
    public void pwriteFully(Fd fd, ByteBuffer direct, long offset) throws PosixException {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("pwrite needs a direct buffer");
        }
        while (direct.hasRemaining()) {
            long n = libc.pwrite(fd.value(), direct, direct.position(), direct.remaining(), offset);
            if (n < 0) {
                throw fail("write", fd.toString());
            }
            direct.position(direct.position() + (int) n);
            offset += n;
        }
    }

    /**
     * Whether {@code name} exists, following a symlink in its last component (as
     * {@link java.nio.file.Files#exists} does); false also when that cannot be told, such as for a
     * name in a directory this process may not search. Costs no exception either way.
     */
    public boolean exists(Fd dir, byte[] name) {
        return libc.faccessat(fdOf(dir), cstr(name), 0, 0) == 0;
    }

    public void pwriteFully(Fd fd, byte[] buf, int len, long offset) throws PosixException {
        byte[] data = len == buf.length ? buf : Arrays.copyOf(buf, len);
        int done = 0;
        while (done < len) {
            byte[] chunk = done == 0 ? data : Arrays.copyOfRange(data, done, len);
            long n = libc.pwrite(fd.value(), chunk, len - done, offset + done);
            if (n < 0) {
                throw fail("write", fd.toString());
            }
            done += (int) n;
        }
    }

    // ---- inode flags (chattr) -----------------------------------------------------------------------

    /** FS_IOC_GETFLAGS on an fd opened O_RDONLY (not O_PATH). Returns 0 where unsupported. */
    public int getInodeFlags(Fd fd) throws PosixException {
        int[] arg = {0};
        if (libc.ioctl(fd.value(), FS_IOC_GETFLAGS, arg) != 0) {
            int err = errno();
            if (err == Errnos.ENOTSUP || err == 25 /* ENOTTY */ || err == Errnos.EINVAL) {
                return 0;
            }
            throw new PosixException("ioctl(FS_IOC_GETFLAGS)", fd.toString(), err);
        }
        return arg[0];
    }

    public void setInodeFlags(Fd fd, int flags) throws PosixException {
        int[] arg = {flags};
        if (libc.ioctl(fd.value(), FS_IOC_SETFLAGS, arg) != 0) {
            throw fail("ioctl(FS_IOC_SETFLAGS)", fd.toString());
        }
    }

    /** The project quota id (FS_IOC_FSGETXATTR fsx_projid); 0 where the filesystem has no project ids. */
    public int getProjectId(Fd fd) throws PosixException {
        int[] fsx = new int[7];
        if (libc.ioctl(fd.value(), FS_IOC_FSGETXATTR, fsx) != 0) {
            int err = errno();
            if (err == Errnos.ENOTSUP || err == 25 /* ENOTTY */ || err == Errnos.EINVAL) {
                return 0;
            }
            throw new PosixException("ioctl(FS_IOC_FSGETXATTR)", fd.toString(), err);
        }
        return fsx[3];
    }

    /** Sets the project quota id, keeping the other fsxattr fields. */
    public void setProjectId(Fd fd, int projectId) throws PosixException {
        int[] fsx = new int[7];
        if (libc.ioctl(fd.value(), FS_IOC_FSGETXATTR, fsx) != 0) {
            throw fail("ioctl(FS_IOC_FSGETXATTR)", fd.toString());
        }
        fsx[3] = projectId;
        if (libc.ioctl(fd.value(), FS_IOC_FSSETXATTR, fsx) != 0) {
            throw fail("ioctl(FS_IOC_FSSETXATTR)", fd.toString());
        }
    }

    /** The filesystem type magic (statfs f_type) of the filesystem holding {@code fd}. */
    public long fstatfsType(Fd fd) throws PosixException {
        byte[] buf = new byte[120];
        if (libc.fstatfs(fd.value(), buf) != 0) {
            throw fail("fstatfs", fd.toString());
        }
        return ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    // ---- extended attributes ---------------------------------------------------------------------
    // Linux has no *at xattr calls before 6.13, so they go through /proc/self/fd/DIR/NAME: the directory
    // descriptor pins the parent and the l* variants never follow NAME, which keeps them race-free.
    // An empty NAME means the descriptor itself, reached with the f* calls (the l* calls would stop at
    // the /proc magic link). The descriptor must then not be an O_PATH one.

    private static byte[] xattrPath(Fd dir, byte[] name) {
        byte[] prefix = ("/proc/self/fd/" + fdOf(dir)).getBytes(StandardCharsets.US_ASCII);
        if (name == null || name.length == 0) {
            return cstr(prefix);
        }
        byte[] out = new byte[prefix.length + 1 + name.length + 1];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        out[prefix.length] = '/';
        System.arraycopy(name, 0, out, prefix.length + 1, name.length);
        return out;
    }

    /** xattr names are bytes; ISO-8859-1 keeps every byte as one char. */
    static byte[] attrName(String attr) {
        return cstr(attr.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The xattr names of {@code name} in {@code dir}, in the order the filesystem lists them. Uses
     * listxattrat(2) where the kernel has it (one fd-relative lookup instead of a walk through /proc).
     */
    public List<String> listxattr(Fd dir, byte[] name) throws PosixException {
        byte[] buf = scratch.get().xattrNames; // most lists are empty or one ACL name
        while (true) {
            long n = rawListxattr(dir, name, buf);
            if (n < 0) {
                int err = (int) -n;
                if (err == Errnos.ERANGE) {
                    buf = new byte[buf.length * 4];
                    continue;
                }
                if (err == Errnos.ENOTSUP) {
                    return List.of();
                }
                throw new PosixException("listxattr", show(name), err);
            }
            return splitNames(buf, (int) n);
        }
    }

    /** The names in a listxattr buffer: NUL-terminated, as ISO-8859-1 so that every byte survives. */
    private static List<String> splitNames(byte[] buf, int length) {
        if (length == 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buf[i] == 0) {
                if (i > start) {
                    names.add(new String(buf, start, i - start, StandardCharsets.ISO_8859_1));
                }
                start = i + 1;
            }
        }
        return names;
    }

    /** The listing length, or {@code -errno}. */
    private long rawListxattr(Fd dir, byte[] name, byte[] buf) {
        if (haveXattrAt) {
            long n = libc.listxattrat(SYS_LISTXATTRAT, fdOf(dir), cstr(name), withEmpty(name, AT_SYMLINK_NOFOLLOW), buf,
                    buf.length);
            if (n >= 0) {
                return n;
            }
            int err = errno();
            if (err != Errnos.ENOSYS) {
                return -err;
            }
            haveXattrAt = false;
        }
        long n = name == null || name.length == 0 ? libc.flistxattr(fdOf(dir), buf, buf.length)
                : libc.llistxattr(xattrPath(dir, name), buf, buf.length);
        return n < 0 ? -errno() : n;
    }

    /** The value, or {@code null} when the attribute does not exist. */
    public byte[] getxattr(Fd dir, byte[] name, String attr) throws PosixException {
        byte[] path = xattrPath(dir, name);
        byte[] an = attrName(attr);
        int size = 256;
        while (true) {
            byte[] buf = new byte[size];
            long n = name == null || name.length == 0 ? libc.fgetxattr(fdOf(dir), an, buf, size)
                    : libc.lgetxattr(path, an, buf, size);
            if (n < 0) {
                int err = errno();
                if (err == Errnos.ERANGE) {
                    size = size >= 65536 * 4 ? size * 2 : size * 4;
                    continue;
                }
                if (err == Errnos.ENODATA || err == Errnos.ENOTSUP) {
                    return null;
                }
                throw new PosixException("getxattr " + attr, show(name), err);
            }
            return Arrays.copyOf(buf, (int) n);
        }
    }

    /** The xattr names of the open file {@code fd} (one syscall, no path lookup). */
    public List<String> flistxattr(Fd fd) throws PosixException {
        byte[] buf = scratch.get().xattrNames; // no array per call: a make lists every file's, and most lists are empty
        while (true) {
            long n = libc.flistxattr(fd.value(), buf, buf.length);
            if (n < 0) {
                int err = errno();
                if (err == Errnos.ERANGE) {
                    buf = new byte[buf.length * 4];
                    continue;
                }
                if (err == Errnos.ENOTSUP) {
                    return List.of();
                }
                throw new PosixException("listxattr", fd.toString(), err);
            }
            return splitNames(buf, (int) n);
        }
    }

    /** The value of {@code attr} on the open file {@code fd}, or {@code null} when absent. */
    public byte[] fgetxattr(Fd fd, String attr) throws PosixException {
        byte[] an = attrName(attr);
        int size = 256;
        while (true) {
            byte[] buf = new byte[size];
            long n = libc.fgetxattr(fd.value(), an, buf, size);
            if (n < 0) {
                int err = errno();
                if (err == Errnos.ERANGE) {
                    size *= 4;
                    continue;
                }
                if (err == Errnos.ENODATA || err == Errnos.ENOTSUP) {
                    return null;
                }
                throw new PosixException("getxattr " + attr, fd.toString(), err);
            }
            return Arrays.copyOf(buf, (int) n);
        }
    }

    public void fsetxattr(Fd fd, String attr, byte[] value, int flags) throws PosixException {
        if (libc.fsetxattr(fd.value(), attrName(attr), value, value.length, flags) != 0) {
            throw fail("setxattr " + attr, fd.toString());
        }
    }

    public void setxattr(Fd dir, byte[] name, String attr, byte[] value, int flags) throws PosixException {
        int r = name == null || name.length == 0 ? libc.fsetxattr(fdOf(dir), attrName(attr), value, value.length, flags)
                : libc.lsetxattr(xattrPath(dir, name), attrName(attr), value, value.length, flags);
        if (r != 0) {
            throw fail("setxattr " + attr, name);
        }
    }

    /** Removes an attribute; a missing one is not an error. */
    public void removexattr(Fd dir, byte[] name, String attr) throws PosixException {
        int r = name == null || name.length == 0 ? libc.fremovexattr(fdOf(dir), attrName(attr))
                : libc.lremovexattr(xattrPath(dir, name), attrName(attr));
        if (r != 0) {
            int err = errno();
            if (err != Errnos.ENODATA) {
                throw new PosixException("removexattr " + attr, show(name), err);
            }
        }
    }

    // ---- processes -------------------------------------------------------------------------------

    public int geteuid() {
        return libc.geteuid();
    }

    public int getpid() {
        return libc.getpid();
    }

    public int umask(int mask) {
        return libc.umask(mask);
    }

    // ---- mounts (used through Mounts) ------------------------------------------------------------

    LibCExtra extra() {
        return Extra.LIB;
    }

    int lastError() {
        return errno();
    }
}
