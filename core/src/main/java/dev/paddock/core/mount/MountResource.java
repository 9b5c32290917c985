package dev.paddock.core.mount;

import java.io.IOException;

/** Something paddock set up while mounting (a mount, a directory) that knows how to take itself down. */
public interface MountResource {
    /** What this is, for messages: {@code overlay at /mnt}. */
    String describe();

    /** Takes this resource down. Called once, in reverse order of creation. */
    void undo() throws IOException;
}
