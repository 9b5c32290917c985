package dev.paddock.core.fs;

import java.io.IOException;

/**
 * Receives the walk. Every method may be called from several threads at once; a directory is visited
 * before its children. A RuntimeException from {@link #visit} stops the walk and is rethrown by it.
 */
public interface WalkVisitor {
    /** One entry; an IOException is handed to {@link #failed} and the walk goes on. */
    void visit(WalkEntry entry) throws IOException;

    /** A directory on another mount that the walk did not enter (nor visit). */
    default void skippedMount(WalkEntry mountPoint) {}

    /** An entry that could not be read or visited. */
    void failed(DisplayPath path, IOException error);
}
