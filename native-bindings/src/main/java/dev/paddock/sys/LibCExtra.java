package dev.paddock.sys;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions for mounts and sockets, bound by jnr-ffi on first use; see {@link LibC} for
 * why the file calls are not here. Public only because jnr-ffi generates
 * its implementation in another class loader; callers use {@link Posix}, {@link Mounts} and
 * {@link UnixDatagram}.
 */
@SaveError
public interface LibCExtra {
    int mount(@In byte[] source, @In byte[] target, @In byte[] fstype, long flags, @In byte[] data);
    int umount2(@In byte[] target, int flags);
    long syscall(long number, int dfd, @In byte[] path, int flags);
    long syscall(long number, int fromDfd, @In byte[] fromPath, int toDfd, @In byte[] toPath, int flags);
    long syscall(long number, int dfd, @In byte[] path, int flags, @In long[] attr, long size);
    int socket(int domain, int type, int protocol);
    int bind(int fd, @In byte[] addr, int addrlen);
    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);
    long recv(int fd, @Out byte[] buf, long len, int flags);
}
