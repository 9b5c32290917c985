package dev.paddock.core.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import dev.paddock.core.mount.Method;
import dev.paddock.core.mount.MountInfo;
import dev.paddock.core.mount.ShiftMountSpec;
import dev.paddock.core.mount.ShiftMounter;

/** Container views made with shift-mount's engine. */
public final class ShiftMountViews implements ViewMounter {
    private final ShiftMounter mounter;

    public ShiftMountViews(ShiftMounter mounter) {
        this.mounter = mounter;
    }

    @Override
    public String mount(Path lower, Path state, Path mountpoint, long base, long range, String method) throws IOException {
        Method m = Method.valueOf(method.toUpperCase(Locale.ROOT));
        return mounter.mount(new ShiftMountSpec(lower, state, mountpoint, base, range, m)).result().method().label();
    }

    @Override
    public void unmount(Path mountpoint) throws IOException {
        mounter.unmount(mountpoint);
    }

    @Override
    public void releaseLeftovers(Path mountpoint) throws IOException {
        if (java.nio.file.Files.isDirectory(mountpoint)) {
            mounter.releaseStaleClone(mountpoint);
        }
    }

    @Override
    public boolean isMounted(Path mountpoint) throws IOException {
        return MountInfo.read().at(mountpoint.toAbsolutePath().normalize()).isPresent();
    }
}
