package dev.paddock.core.mount;

import java.io.IOException;

/**
 * A live shifted mount made by this process. {@link #unmount()} takes it down in reverse order of making:
 * the overlay, then the idmapped clone of LOWER, then the clone's staging directory. Dropping the object
 * without unmounting leaves the mount in place (the --oneshot mode); {@code shift-mount --umount} can
 * take it down later from the mount table.
 */
public final class ShiftMount {
    private final ShiftMountResult result;
    private final MountStack teardown;

    ShiftMount(ShiftMountResult result, MountStack teardown) {
        this.result = result;
        this.teardown = teardown;
    }

    public ShiftMountResult result() {
        return result;
    }

    public synchronized void unmount() throws IOException {
        teardown.unwind();
    }

    public synchronized boolean isMounted() {
        return !teardown.isEmpty();
    }
}
