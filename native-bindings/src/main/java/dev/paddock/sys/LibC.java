package dev.paddock.sys;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.Pointer;

/**
 * The libc functions a tree walk calls (stat, directories, owners, modes, xattrs), bound through
 * jnr-ffi; the rest are in {@link LibCExtra}. The split is for start-up: jnr-ffi generates and loads
 * code for every method of an interface when it binds it, and a short shift-own run waits for that
 * bind, so it binds only what it calls. Paths are NUL-terminated byte arrays so that names which are
 * not valid UTF-8 survive unchanged. Public only because jnr-ffi generates its implementation in
 * another class loader; callers use {@link Posix}.
 */
@SaveError
public interface LibC {
    int openat(int dirfd, @In byte[] path, int flags, int mode);
    int close(int fd);
    int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] buf);
    int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);
    int fchmodat(int dirfd, @In byte[] path, int mode, int flags);
    long getdents64(int fd, @Out byte[] buf, long count);
    long lseek(int fd, long offset, int whence);

    long lgetxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);
    long llistxattr(@In byte[] path, @Out byte[] list, long size);
    int lsetxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);
    long fgetxattr(int fd, @In byte[] name, @Out byte[] value, long size);
    long flistxattr(int fd, @Out byte[] list, long size);
    int fsetxattr(int fd, @In byte[] name, @In byte[] value, long size, int flags);

    int fstatvfs(int fd, @Out byte[] buf);
    /**
     * listxattrat(2) (Linux 6.13) through syscall(2): number, dfd, path, at_flags, list, size. Bound under
     * its own name (see Posix) because an overloaded {@code syscall} did not copy the out-array back.
     */
    long listxattrat(long number, int dfd, @In byte[] path, int flags, @Out byte[] list, long size);
    /** fchmodat2(2) (Linux 6.6): dfd, path, mode, flags. */
    long syscall(long number, int dfd, @In byte[] path, int mode, int flags);
    int fstatfs(int fd, @Out byte[] buf);

    int geteuid();
    Pointer strerror(int errnum);
}
