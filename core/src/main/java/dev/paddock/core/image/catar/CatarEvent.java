package dev.paddock.core.image.catar;

import java.nio.charset.StandardCharsets;

/** What the decoder reports, in archive order. */
public sealed interface CatarEvent {

    /**
     * A node: the root (empty path, null name, depth 0) or a child. For a regular file the payload can be
     * read through {@link CatarDecoder#payload()} until the next call to {@link CatarDecoder#next()}.
     */
    record Entry(byte[] path, byte[] name, int depth, EntryMetadata meta) implements CatarEvent {
        /** The path for messages; never use it to reach a file. */
        public String displayPath() {
            return path.length == 0 ? "." : new String(path, StandardCharsets.UTF_8);
        }
    }

    /** The GOODBYE of a directory: all its children have been reported. */
    record DirectoryEnd(byte[] path, int depth) implements CatarEvent {}
}
