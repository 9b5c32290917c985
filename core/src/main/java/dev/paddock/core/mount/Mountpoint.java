package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.file.Path;

import dev.paddock.sys.Errnos;
import dev.paddock.sys.Mounts;
import dev.paddock.sys.PosixException;

/**
 * A mount attached at a path (the overlay, or the idmapped clone of LOWER). Undo unmounts it; if
 * something still holds it busy, it is detached lazily so that teardown never leaves it attached.
 */
public record Mountpoint(String kind, Path path) implements MountResource {
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
                return; // already gone (unmounted by someone else)
            }
            if (!e.is(Errnos.EBUSY)) {
                throw e;
            }
            // Still in use (a shell inside it): detach it now; it goes away when its last user leaves.
            mounts.umount2(path.toString(), Mounts.MNT_DETACH | Mounts.UMOUNT_NOFOLLOW);
        }
    }
}
