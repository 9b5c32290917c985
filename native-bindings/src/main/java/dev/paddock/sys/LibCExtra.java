package dev.paddock.sys;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

import java.nio.ByteBuffer;

/**
 * The libc functions beyond a tree walk's (creating and removing files, data, mounts, sockets),
 * bound on first use; see {@link LibC} for why there are two. Public only because jnr-ffi generates
 * its implementation in another class loader; callers use {@link Posix}, {@link Mounts} and
 * {@link UnixDatagram}.
 */
@SaveError
public interface LibCExtra {
    int fchmod(int fd, int mode);
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
    /**
     * Into a direct buffer: jffi passes its address. A heap array would be staged through a native copy
     * of the whole array, allocated and copied back on every call, whatever the count.
     */
    long pread(int fd, @Out ByteBuffer buf, long count, long offset);
    long pwrite(int fd, @In byte[] buf, long count, long offset);
    int lremovexattr(@In byte[] path, @In byte[] name);
    int ioctl(int fd, long request, @In @Out int[] arg);
    int fremovexattr(int fd, @In byte[] name);
    int mount(@In byte[] source, @In byte[] target, @In byte[] fstype, long flags, @In byte[] data);
    int umount2(@In byte[] target, int flags);
    long syscall(long number, int dfd, @In byte[] path, int flags);
    long syscall(long number, int fromDfd, @In byte[] fromPath, int toDfd, @In byte[] toPath, int flags);
    long syscall(long number, int dfd, @In byte[] path, int flags, @In long[] attr, long size);
    int socket(int domain, int type, int protocol);
    int bind(int fd, @In byte[] addr, int addrlen);
    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);
    long recv(int fd, @Out byte[] buf, long len, int flags);
    int getpid();
    int umask(int mask);
}
