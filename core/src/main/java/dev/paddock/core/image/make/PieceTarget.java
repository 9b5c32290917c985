package dev.paddock.core.image.make;

import java.io.IOException;

import dev.paddock.sys.Fd;

/**
 * The consuming side of a {@link HandoffStream} that follows file payloads through the stream: it is
 * told, in stream order between the bytes, where an announced payload starts and where a referenced
 * one (not in the bytes at all) lies.
 */
interface PieceTarget {
    /** The next {@code size} bytes written are the payload of the file {@code key}. */
    void announced(FileKey key, long size, String path) throws IOException;

    /** {@code size} bytes of the file open at {@code fd} belong here; the target owns {@code fd} from now on. */
    void referenced(FileKey key, Fd fd, long size, String path) throws IOException;
}
