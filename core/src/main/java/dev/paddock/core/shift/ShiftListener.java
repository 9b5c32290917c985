package dev.paddock.core.shift;

import java.io.IOException;

import dev.paddock.core.fs.DisplayPath;

/**
 * What a shift reports while it runs. Calls come from the walker's threads, possibly at the same time:
 * implementations must be thread-safe. Core never prints; the CLI renders these.
 */
public interface ShiftListener {
    ShiftListener NONE = new ShiftListener() { };

    /** An entry whose owner changed (or would, in a dry run). Ids are unsigned. */
    default void changed(DisplayPath path, long uid, long gid, long newUid, long newGid) {}

    /** An id in neither window, left unchanged; {@code what} is uid, gid, "ACL user" or "ACL group". */
    default void foreign(DisplayPath path, String what, long id) {}

    /** A directory on another mount that was not entered. */
    default void skippedMount(DisplayPath path) {}

    /** An entry that could not be shifted; the shift goes on and ends as failed. */
    default void failed(DisplayPath path, IOException error) {}

    /** Entries seen so far, reported every few thousand entries. */
    default void progress(long entries) {}
}
