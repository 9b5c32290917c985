package dev.paddock.core.image.catar;

import java.io.IOException;

import dev.paddock.sys.DirEntry;
import dev.paddock.sys.Errnos;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import dev.paddock.sys.StatX;

/** fd-based rm -rf that never follows symlinks and clears immutable/append-only flags it meets. */
final class TreeRemover {
    private static final int CLEAR = FeatureFlags.FS_IMMUTABLE_FL | FeatureFlags.FS_APPEND_FL;
    private final Posix posix = Posix.get();

    void remove(Fd parent, byte[] name) throws IOException {
        StatX st;
        try {
            st = posix.lstatat(parent, name);
        } catch (PosixException e) {
            if (e.is(Errnos.ENOENT)) {
                return;
            }
            throw e;
        }
        if (st.isDirectory() || st.isRegular()) {
            try (Fd fd = posix.openat(parent, name, Posix.O_RDONLY | Posix.O_NOFOLLOW | Posix.O_NONBLOCK
                    | (st.isDirectory() ? Posix.O_DIRECTORY : 0), 0)) {
                int fl = posix.getInodeFlags(fd);
                if ((fl & CLEAR) != 0) {
                    posix.setInodeFlags(fd, fl & ~CLEAR);
                }
                if (st.isDirectory()) {
                    for (DirEntry e : posix.readdir(fd)) {
                        remove(fd, e.name());
                    }
                }
            }
        }
        posix.unlinkat(parent, name, st.isDirectory() ? Posix.AT_REMOVEDIR : 0);
    }
}
