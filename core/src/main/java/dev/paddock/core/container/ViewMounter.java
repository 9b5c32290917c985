package dev.paddock.core.container;

import java.io.IOException;
import java.nio.file.Path;

/** Mounts and removes a container's shifted view of its image (shift-mount, in production). */
public interface ViewMounter {
    /** Mounts the view of {@code lower} shifted to {@code base} at {@code mountpoint}; returns the method used. */
    String mount(Path lower, Path state, Path mountpoint, long base, long range, String method) throws IOException;

    void unmount(Path mountpoint) throws IOException;

    /** Removes what an interrupted mount of {@code mountpoint} left behind (it is not mounted). */
    void releaseLeftovers(Path mountpoint) throws IOException;

    boolean isMounted(Path mountpoint) throws IOException;
}
