package dev.paddock.sys;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.ObjectParameterInfo;
import com.kenai.jffi.ObjectParameterStrategy;
import com.kenai.jffi.ObjectParameterType;
import com.kenai.jffi.Type;

/**
 * The libc functions a tree walk calls (stat, directories, owners, modes, xattrs), called through
 * jffi, the native layer jnr-ffi itself stands on; the rest are in {@link LibCExtra}, bound by jnr-ffi.
 *
 * <p>Why not a jnr-ffi interface like the rest: binding one makes jnr-ffi build annotation proxies
 * and generate, load and verify a class for it, ~35 ms before a short shift-own run can make its
 * first call (measured: 55 ms for the bind alone, against 20 ms for jffi's own start). A jffi call
 * is a symbol lookup and a call context made once, then the same {@code invokeN..O..} entry points
 * jnr-ffi's generated code calls, so the calls cost the same. Paths and buffers are heap byte
 * arrays; {@link ObjectParameterInfo} says which argument each one is and which way its bytes go.
 * Paths are NUL-terminated by the caller, so names which are not UTF-8 survive unchanged.
 */
final class LibC {
    private static final Type INT = Type.SINT, LONG = Type.SLONG, PTR = Type.POINTER;
    private static final ObjectParameterStrategy<byte[]> BYTES = new HeapBytes();
    /** Which argument an array is, and whether its bytes go in (copied before the call) or out (after). */
    private static final ObjectParameterInfo IN_0 = in(0), IN_1 = in(1), IN_2 = in(2),
            OUT_1 = out(1), OUT_2 = out(2), OUT_4 = out(4);

    /** One libc function: its address and how to call it. */
    private record Fn(long address, CallContext context) {}

    private final Invoker invoker = Invoker.getInstance();
    private final Fn openat, close, statx, fchownat, fchmodat, getdents64, lseek, lgetxattr, llistxattr, lsetxattr,
            fgetxattr, flistxattr, fsetxattr, fstatvfs, fstatfs, syscall6, syscall5, geteuid;

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

    private static ObjectParameterInfo in(int parameter) {
        return ObjectParameterInfo.create(parameter, ObjectParameterInfo.ARRAY, ObjectParameterInfo.BYTE,
                ObjectParameterInfo.IN);
    }

    private static ObjectParameterInfo out(int parameter) {
        return ObjectParameterInfo.create(parameter, ObjectParameterInfo.ARRAY, ObjectParameterInfo.BYTE,
                ObjectParameterInfo.OUT);
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

    /** A Java byte array handed to the native side as a copy (in, out or both), as jnr-ffi does for arrays. */
    private static final class HeapBytes extends ObjectParameterStrategy<byte[]> {
        HeapBytes() {
            super(HEAP, ObjectParameterType.create(ObjectParameterType.ARRAY, ObjectParameterType.BYTE));
        }

        @Override
        public long address(byte[] array) {
            return 0;
        }

        @Override
        public Object object(byte[] array) {
            return array;
        }

        @Override
        public int offset(byte[] array) {
            return 0;
        }

        @Override
        public int length(byte[] array) {
            return array.length;
        }
    }
}
