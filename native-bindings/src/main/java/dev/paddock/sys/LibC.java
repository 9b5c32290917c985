package dev.paddock.sys;

import java.nio.ByteBuffer;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Library;
import com.kenai.jffi.ObjectParameterInfo;
import com.kenai.jffi.ObjectParameterStrategy;
import com.kenai.jffi.Type;

/**
 * The libc functions for files (stat, directories, owners, modes, xattrs, creating, reading, writing),
 * called through jffi, the native layer jnr-ffi itself stands on; mounts and sockets are in
 * {@link LibCExtra}, bound by jnr-ffi on first use.
 *
 * <p>Why not a jnr-ffi interface like the rest: binding one makes jnr-ffi build annotation proxies
 * and generate, load and verify a class for it, ~35 ms before a short shift-own run can make its
 * first call (measured: 55 ms for the bind alone, against 20 ms for jffi's own start), and an image
 * make or extract waited ~40 ms more for the second interface its files needed. A jffi call
 * is a symbol lookup and a call context made once, then the same {@code invokeN..O..} entry points
 * jnr-ffi's generated code calls, so the calls cost the same. Paths and buffers are heap byte
 * arrays; {@link ObjectParameterInfo} says which argument each one is and which way its bytes go.
 * Paths are NUL-terminated by the caller, so names which are not UTF-8 survive unchanged.
 */
final class LibC {
    private static final Type INT = Type.SINT, LONG = Type.SLONG, PTR = Type.POINTER;
    private static final ObjectParameterStrategy<byte[]> BYTES = NativeArrays.BYTES;
    private static final ObjectParameterStrategy<int[]> INTS = NativeArrays.INTS;
    private static final ObjectParameterStrategy<long[]> LONGS = NativeArrays.LONGS;
    /** Which argument an array is, and whether its bytes go in (copied before the call) or out (after). */
    private static final ObjectParameterInfo IN_0 = NativeArrays.in(0), IN_1 = NativeArrays.in(1),
            IN_2 = NativeArrays.in(2), IN_3 = NativeArrays.in(3),
            OUT_1 = NativeArrays.out(1), OUT_2 = NativeArrays.out(2), OUT_4 = NativeArrays.out(4),
            TIMES_2 = NativeArrays.in(2, ObjectParameterInfo.LONG),
            IOCTL_ARG_2 = NativeArrays.inOut(2, ObjectParameterInfo.INT);

    /** One libc function: its address and how to call it. */
    private record Fn(long address, CallContext context) {}

    private final Invoker invoker = Invoker.getInstance();
    private final MemoryIO memory = MemoryIO.getInstance();
    private final Fn openat, close, statx, fchownat, fchmodat, getdents64, lseek, lgetxattr, llistxattr, lsetxattr,
            fgetxattr, flistxattr, fsetxattr, fstatvfs, fstatfs, syscall6, syscall5, geteuid;
    private final Fn fchmod, readlinkat, mkdirat, mknodat, symlinkat, linkat, unlinkat, renameat2, utimensat, fsync,
            ftruncate, pread, pwrite, ioctl, lremovexattr, fremovexattr, getpid, umask, faccessat;

    private LibC(Library lib) {
        openat = fn(lib, "openat", INT, INT, PTR, INT, INT);
        close = fn(lib, "close", INT, INT);
        statx = fn(lib, "statx", INT, INT, PTR, INT, INT, PTR);
        fchownat = fn(lib, "fchownat", INT, INT, PTR, INT, INT, INT);
        fchmodat = fn(lib, "fchmodat", INT, INT, PTR, INT, INT);
        getdents64 = fn(lib, "getdents64", LONG, INT, PTR, LONG);
        lseek = fn(lib, "lseek", LONG, INT, LONG, INT);
        lgetxattr = fn(lib, "lgetxattr", LONG, PTR, PTR, PTR, LONG);
        llistxattr = fn(lib, "llistxattr", LONG, PTR, PTR, LONG);
        lsetxattr = fn(lib, "lsetxattr", INT, PTR, PTR, PTR, LONG, INT);
        fgetxattr = fn(lib, "fgetxattr", LONG, INT, PTR, PTR, LONG);
        flistxattr = fn(lib, "flistxattr", LONG, INT, PTR, LONG);
        fsetxattr = fn(lib, "fsetxattr", INT, INT, PTR, PTR, LONG, INT);
        fstatvfs = fn(lib, "fstatvfs", INT, INT, PTR);
        fstatfs = fn(lib, "fstatfs", INT, INT, PTR);
        // syscall(2) reads every argument as a long, so the ints go as longs, sign-extended.
        syscall6 = fn(lib, "syscall", LONG, LONG, LONG, PTR, LONG, PTR, LONG);
        syscall5 = fn(lib, "syscall", LONG, LONG, LONG, PTR, LONG, LONG);
        geteuid = fn(lib, "geteuid", INT);
        fchmod = fn(lib, "fchmod", INT, INT, INT);
        readlinkat = fn(lib, "readlinkat", LONG, INT, PTR, PTR, LONG);
        mkdirat = fn(lib, "mkdirat", INT, INT, PTR, INT);
        mknodat = fn(lib, "mknodat", INT, INT, PTR, INT, LONG);
        symlinkat = fn(lib, "symlinkat", INT, PTR, INT, PTR);
        linkat = fn(lib, "linkat", INT, INT, PTR, INT, PTR, INT);
        unlinkat = fn(lib, "unlinkat", INT, INT, PTR, INT);
        renameat2 = fn(lib, "renameat2", INT, INT, PTR, INT, PTR, INT);
        utimensat = fn(lib, "utimensat", INT, INT, PTR, PTR, INT);
        fsync = fn(lib, "fsync", INT, INT);
        ftruncate = fn(lib, "ftruncate", INT, INT, LONG);
        pread = fn(lib, "pread", LONG, INT, PTR, LONG, LONG);
        pwrite = fn(lib, "pwrite", LONG, INT, PTR, LONG, LONG);
        ioctl = fn(lib, "ioctl", INT, INT, LONG, PTR);
        lremovexattr = fn(lib, "lremovexattr", INT, PTR, PTR);
        fremovexattr = fn(lib, "fremovexattr", INT, INT, PTR);
        getpid = fn(lib, "getpid", INT);
        umask = fn(lib, "umask", INT, INT);
        faccessat = fn(lib, "faccessat", INT, INT, PTR, INT, INT);
    }

    /** libc as the process already has it loaded (the JVM links it), found through dlsym. */
    static LibC load() {
        return new LibC(Library.getDefault());
    }

    private static Fn fn(Library lib, String name, Type result, Type... parameters) {
        long address = lib.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("libc has no " + name + ": " + Library.getLastError());
        }
        return new Fn(address, CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true));
    }

    /** The errno the last call on this thread saved (calls through {@link LibCExtra} save it too). */
    static int lastError() {
        return LastError.getInstance().get();
    }

    int openat(int dirfd, byte[] path, int flags, int mode) {
        return (int) invoker.invokeN4O1(openat.context, openat.address, dirfd, 0, flags, mode, path, BYTES, IN_1);
    }

    int close(int fd) {
        return (int) invoker.invokeN1(close.context, close.address, fd);
    }

    int statx(int dirfd, byte[] path, int flags, int mask, byte[] buf) {
        return (int) invoker.invokeN5O2(statx.context, statx.address, dirfd, 0, flags, mask, 0,
                path, BYTES, IN_1, buf, BYTES, OUT_4);
    }

    int fchownat(int dirfd, byte[] path, int uid, int gid, int flags) {
        return (int) invoker.invokeN5O1(fchownat.context, fchownat.address, dirfd, 0, uid, gid, flags,
                path, BYTES, IN_1);
    }

    int fchmodat(int dirfd, byte[] path, int mode, int flags) {
        return (int) invoker.invokeN4O1(fchmodat.context, fchmodat.address, dirfd, 0, mode, flags, path, BYTES, IN_1);
    }

    long getdents64(int fd, byte[] buf, long count) {
        return invoker.invokeN3O1(getdents64.context, getdents64.address, fd, 0, count, buf, BYTES, OUT_1);
    }

    long lseek(int fd, long offset, int whence) {
        return invoker.invokeN3(lseek.context, lseek.address, fd, offset, whence);
    }

    long lgetxattr(byte[] path, byte[] name, byte[] value, long size) {
        return invoker.invokeN4O3(lgetxattr.context, lgetxattr.address, 0, 0, 0, size,
                path, BYTES, IN_0, name, BYTES, IN_1, value, BYTES, OUT_2);
    }

    long llistxattr(byte[] path, byte[] list, long size) {
        return invoker.invokeN3O2(llistxattr.context, llistxattr.address, 0, 0, size, path, BYTES, IN_0, list, BYTES, OUT_1);
    }

    int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags) {
        return (int) invoker.invokeN5O3(lsetxattr.context, lsetxattr.address, 0, 0, 0, size, flags,
                path, BYTES, IN_0, name, BYTES, IN_1, value, BYTES, IN_2);
    }

    long fgetxattr(int fd, byte[] name, byte[] value, long size) {
        return invoker.invokeN4O2(fgetxattr.context, fgetxattr.address, fd, 0, 0, size,
                name, BYTES, IN_1, value, BYTES, OUT_2);
    }

    long flistxattr(int fd, byte[] list, long size) {
        return invoker.invokeN3O1(flistxattr.context, flistxattr.address, fd, 0, size, list, BYTES, OUT_1);
    }

    int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) {
        return (int) invoker.invokeN5O2(fsetxattr.context, fsetxattr.address, fd, 0, 0, size, flags,
                name, BYTES, IN_1, value, BYTES, IN_2);
    }

    int fstatvfs(int fd, byte[] buf) {
        return (int) invoker.invokeN2O1(fstatvfs.context, fstatvfs.address, fd, 0, buf, BYTES, OUT_1);
    }

    int fstatfs(int fd, byte[] buf) {
        return (int) invoker.invokeN2O1(fstatfs.context, fstatfs.address, fd, 0, buf, BYTES, OUT_1);
    }

    /** listxattrat(2) (Linux 6.13): number, dfd, path, at_flags, list, size. */
    long listxattrat(long number, int dfd, byte[] path, int flags, byte[] list, long size) {
        return invoker.invokeN6O2(syscall6.context, syscall6.address, number, dfd, 0, flags, 0, size,
                path, BYTES, IN_2, list, BYTES, OUT_4);
    }

    /** fchmodat2(2) (Linux 6.6): number, dfd, path, mode, flags. */
    long fchmodat2(long number, int dfd, byte[] path, int mode, int flags) {
        return invoker.invokeN5O1(syscall5.context, syscall5.address, number, dfd, 0, mode, flags, path, BYTES, IN_2);
    }

    int geteuid() {
        return (int) invoker.invokeN0(geteuid.context, geteuid.address);
    }

    int fchmod(int fd, int mode) {
        return (int) invoker.invokeN2(fchmod.context, fchmod.address, fd, mode);
    }

    long readlinkat(int dirfd, byte[] path, byte[] buf, long size) {
        return invoker.invokeN4O2(readlinkat.context, readlinkat.address, dirfd, 0, 0, size,
                path, BYTES, IN_1, buf, BYTES, OUT_2);
    }

    int mkdirat(int dirfd, byte[] path, int mode) {
        return (int) invoker.invokeN3O1(mkdirat.context, mkdirat.address, dirfd, 0, mode, path, BYTES, IN_1);
    }

    int mknodat(int dirfd, byte[] path, int mode, long dev) {
        return (int) invoker.invokeN4O1(mknodat.context, mknodat.address, dirfd, 0, mode, dev, path, BYTES, IN_1);
    }

    int symlinkat(byte[] target, int newdirfd, byte[] linkpath) {
        return (int) invoker.invokeN3O2(symlinkat.context, symlinkat.address, 0, newdirfd, 0,
                target, BYTES, IN_0, linkpath, BYTES, IN_2);
    }

    int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags) {
        return (int) invoker.invokeN5O2(linkat.context, linkat.address, olddirfd, 0, newdirfd, 0, flags,
                oldpath, BYTES, IN_1, newpath, BYTES, IN_3);
    }

    int unlinkat(int dirfd, byte[] path, int flags) {
        return (int) invoker.invokeN3O1(unlinkat.context, unlinkat.address, dirfd, 0, flags, path, BYTES, IN_1);
    }

    int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags) {
        return (int) invoker.invokeN5O2(renameat2.context, renameat2.address, olddirfd, 0, newdirfd, 0, flags,
                oldpath, BYTES, IN_1, newpath, BYTES, IN_3);
    }

    int utimensat(int dirfd, byte[] path, long[] times, int flags) {
        return (int) invoker.invokeN4O2(utimensat.context, utimensat.address, dirfd, 0, 0, flags,
                path, BYTES, IN_1, times, LONGS, TIMES_2);
    }

    int fsync(int fd) {
        return (int) invoker.invokeN1(fsync.context, fsync.address, fd);
    }

    int ftruncate(int fd, long length) {
        return (int) invoker.invokeN2(ftruncate.context, ftruncate.address, fd, length);
    }

    /**
     * Into a direct buffer, from its start: its address goes straight in, where a heap array would be
     * staged through a native copy of the whole array on every call, whatever the count.
     */
    long pread(int fd, ByteBuffer direct, long count, long offset) {
        return pread(fd, direct, 0, count, offset);
    }

    /** As above, into the buffer from index {@code at}. */
    long pread(int fd, ByteBuffer direct, int at, long count, long offset) {
        return invoker.invokeN4(pread.context, pread.address, fd, memory.getDirectBufferAddress(direct) + at, count, offset);
    }

    /** From a direct buffer's index {@code at}: its address goes straight in. */
    long pwrite(int fd, ByteBuffer direct, int at, long count, long offset) {
        return invoker.invokeN4(pwrite.context, pwrite.address, fd, memory.getDirectBufferAddress(direct) + at, count, offset);
    }

    int faccessat(int dirfd, byte[] path, int mode, int flags) {
        return (int) invoker.invokeN4O1(faccessat.context, faccessat.address, dirfd, 0, mode, flags, path, BYTES, IN_1);
    }

    long pwrite(int fd, byte[] buf, long count, long offset) {
        return invoker.invokeN4O1(pwrite.context, pwrite.address, fd, 0, count, offset, buf, BYTES, IN_1);
    }

    /** ioctl(2) with an int-array argument, copied in and back out. */
    int ioctl(int fd, long request, int[] arg) {
        return (int) invoker.invokeN3O1(ioctl.context, ioctl.address, fd, request, 0, arg, INTS, IOCTL_ARG_2);
    }

    int lremovexattr(byte[] path, byte[] name) {
        return (int) invoker.invokeN2O2(lremovexattr.context, lremovexattr.address, 0, 0,
                path, BYTES, IN_0, name, BYTES, IN_1);
    }

    int fremovexattr(int fd, byte[] name) {
        return (int) invoker.invokeN2O1(fremovexattr.context, fremovexattr.address, fd, 0, name, BYTES, IN_1);
    }

    int getpid() {
        return (int) invoker.invokeN0(getpid.context, getpid.address);
    }

    int umask(int mask) {
        return (int) invoker.invokeN1(umask.context, umask.address, mask);
    }
}
