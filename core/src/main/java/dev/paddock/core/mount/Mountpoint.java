package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.paddock.sys.Errnos;
import dev.paddock.sys.Mounts;
import dev.paddock.sys.PosixException;

/**
 * A mount attached at a path (the overlay, or the idmapped clone of LOWER). Undo unmounts it; if
 * something still holds it busy, it is detached lazily so that teardown never leaves it attached.
 */
public record Mountpoint(String kind, Path path) implements MountResource {
    private static final Logger LOG = LoggerFactory.getLogger(Mountpoint.class);

    @Override
    public String describe() {
        return kind + " at " + path;
    }

    @Override
    public void undo() throws IOException {
        Mounts mounts = Mounts.get();
        try {
            mounts.umount2(path.toString(), Mounts.UMOUNT_NOFOLLOW);
        } catch (PosixException e) {
            if (e.is(Errnos.EINVAL) || e.is(Errnos.ENOENT)) {
                LOG.debug("{} was already gone", describe());
                return;
            }
            if (!e.is(Errnos.EBUSY)) {
                throw e;
            }
            LOG.warn("{} is busy; detaching it lazily (it goes away when its last user leaves)", describe());
            mounts.umount2(path.toString(), Mounts.MNT_DETACH | Mounts.UMOUNT_NOFOLLOW);
        }
    }
}
