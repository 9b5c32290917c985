package dev.paddock.sys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * AF_UNIX datagram sockets, which the JDK lacks (it offers only stream sockets for AF_UNIX). Used for
 * systemd's readiness protocol: one datagram such as {@code READY=1} to the socket in NOTIFY_SOCKET.
 * An address starting with {@code @} names a socket in the abstract namespace.
 */
public final class UnixDatagram {
    private static final int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000;
    private static final int SUN_PATH_MAX = 108, MSG_NOSIGNAL = 0x4000;

    private UnixDatagram() {}

    /** Sends {@code message} as one datagram to {@code address}. */
    public static void send(String address, byte[] message) throws PosixException {
        byte[] addr = sockaddr(address);
        Posix posix = Posix.get();
        try (Fd fd = socket()) {
            long n = posix.extra().sendto(fd.value(), message, message.length, MSG_NOSIGNAL, addr, addr.length);
            if (n < 0) {
                throw new PosixException("sendto", address, posix.lastError());
            }
        }
    }

    /** A datagram socket bound to {@code address}, for receiving. */
    public static Fd bind(String address) throws PosixException {
        byte[] addr = sockaddr(address);
        Fd fd = socket();
        if (Posix.get().extra().bind(fd.value(), addr, addr.length) != 0) {
            int err = Posix.get().lastError();
            fd.close();
            throw new PosixException("bind", address, err);
        }
        return fd;
    }

    /** Receives one datagram (blocking), truncated to {@code max} bytes. */
    public static byte[] receive(Fd fd, int max) throws PosixException {
        byte[] buf = new byte[max];
        long n = Posix.get().extra().recv(fd.value(), buf, max, 0);
        if (n < 0) {
            throw new PosixException("recv", fd.toString(), Posix.get().lastError());
        }
        return Arrays.copyOf(buf, (int) n);
    }

    private static Fd socket() throws PosixException {
        int fd = Posix.get().extra().socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new PosixException("socket", "AF_UNIX", Posix.get().lastError());
        }
        return new Fd(fd, true);
    }

    /** struct sockaddr_un: sa_family_t (host order short) then the path; abstract names start with NUL. */
    static byte[] sockaddr(String address) throws PosixException {
        byte[] path = address.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.length > 0 && path[0] == '@';
        if (abstractName) {
            path[0] = 0;
        }
        if (path.length == 0 || path.length >= SUN_PATH_MAX) {
            throw new PosixException("socket address", address, Errnos.EINVAL);
        }
        // Abstract names are length-delimited; filesystem paths carry a terminating NUL.
        byte[] addr = new byte[2 + path.length + (abstractName ? 0 : 1)];
        addr[0] = (byte) AF_UNIX;
        addr[1] = 0;
        System.arraycopy(path, 0, addr, 2, path.length);
        return addr;
    }
}
