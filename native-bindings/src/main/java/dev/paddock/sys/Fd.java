package dev.paddock.sys;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An owned file descriptor. Closing is idempotent so that error paths can close unconditionally.
 * {@link #procPath()} names the open file through {@code /proc/self/fd}, which lets Java I/O and the
 * path-only xattr calls reach exactly this file without resolving a path again.
 */
public final class Fd implements AutoCloseable {
    /** AT_FDCWD: resolve relative paths against the working directory. Never closed. */
    public static final Fd CWD = new Fd(-100, false);

    private final int fd;
    private final boolean owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    Fd(int fd, boolean owned) {
        this.fd = fd;
        this.owned = owned;
    }

    /** Adopts a raw descriptor obtained elsewhere; it is closed with this object. */
    public static Fd adopt(int fd) {
        return new Fd(fd, true);
    }

    public int value() {
        return fd;
    }

    public Path procPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (owned && closed.compareAndSet(false, true)) {
            Posix.get().closeRaw(fd);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
