package dev.paddock.sys;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.Pointer;

import java.nio.ByteBuffer;

/**
 * The libc functions paddock calls, bound through jnr-ffi. Paths are NUL-terminated byte arrays so
 * that names which are not valid UTF-8 survive unchanged. Public only because jnr-ffi generates its implementation in another class loader; callers use {@link Posix}.
 */
@SaveError
public interface LibC {
    int openat(int dirfd, @In byte[] path, int flags, int mode);
    int close(int fd);
    int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] buf);
    int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);
    int fchmodat(int dirfd, @In byte[] path, int mode, int flags);
    int fchmod(int fd, int mode);
    long getdents64(int fd, @Out byte[] buf, long count);
    long readlinkat(int dirfd, @In byte[] path, @Out byte[] buf, long size);
    int mkdirat(int dirfd, @In byte[] path, int mode);
    int mknodat(int dirfd, @In byte[] path, int mode, long dev);
    int symlinkat(@In byte[] target, int newdirfd, @In byte[] linkpath);
    int linkat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);
    int unlinkat(int dirfd, @In byte[] path, int flags);
    int renameat2(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);
    int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);
    int fsync(int fd);
    int ftruncate(int fd, long length);
    long lseek(int fd, long offset, int whence);
    /**
     * Into a direct buffer: jffi passes its address. A heap array would be staged through a native copy
     * of the whole array, allocated and copied back on every call, whatever the count.
     */
    long pread(int fd, @Out ByteBuffer buf, long count, long offset);
    long pwrite(int fd, @In byte[] buf, long count, long offset);

    long lgetxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);
    long llistxattr(@In byte[] path, @Out byte[] list, long size);
    int lsetxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);
    int lremovexattr(@In byte[] path, @In byte[] name);
    long fgetxattr(int fd, @In byte[] name, @Out byte[] value, long size);
    long flistxattr(int fd, @Out byte[] list, long size);
    int fsetxattr(int fd, @In byte[] name, @In byte[] value, long size, int flags);

    int ioctl(int fd, long request, @In @Out int[] arg);
    int fstatvfs(int fd, @Out byte[] buf);
    int fremovexattr(int fd, @In byte[] name);
    /**
     * listxattrat(2) (Linux 6.13) through syscall(2): number, dfd, path, at_flags, list, size. Bound under
     * its own name (see Posix) because an overloaded {@code syscall} did not copy the out-array back.
     */
    long listxattrat(long number, int dfd, @In byte[] path, int flags, @Out byte[] list, long size);
    /** fchmodat2(2) (Linux 6.6): dfd, path, mode, flags. */
    long syscall(long number, int dfd, @In byte[] path, int mode, int flags);
    int fstatfs(int fd, @Out byte[] buf);

    int mount(@In byte[] source, @In byte[] target, @In byte[] fstype, long flags, @In byte[] data);
    int umount2(@In byte[] target, int flags);
    long syscall(long number, int dfd, @In byte[] path, int flags);
    long syscall(long number, int fromDfd, @In byte[] fromPath, int toDfd, @In byte[] toPath, int flags);
    long syscall(long number, int dfd, @In byte[] path, int flags, @In long[] attr, long size);

    int socket(int domain, int type, int protocol);
    int bind(int fd, @In byte[] addr, int addrlen);
    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);
    long recv(int fd, @Out byte[] buf, long len, int flags);

    int geteuid();
    int getpid();
    int umask(int mask);
    Pointer strerror(int errnum);
}
