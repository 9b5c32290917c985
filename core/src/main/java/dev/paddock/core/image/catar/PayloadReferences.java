package dev.paddock.core.image.catar;

import java.io.IOException;

import dev.paddock.sys.Fd;
import dev.paddock.sys.StatX;

/**
 * A channel that wants to know where regular files' payloads lie in the stream, so that a consumer
 * can describe a chunk by the files it covers instead of by their bytes (the make cache). The encoder
 * asks {@link #handling} per file, then either announces the payload before writing its bytes or hands
 * the open file over instead of writing them.
 */
public interface PayloadReferences {
    /** How the encoder passes one regular file's payload. */
    enum Handling {
        /** Plain bytes, nothing announced. */
        BYTES,
        /** {@link #announce} first, then exactly the payload's bytes. */
        ANNOUNCED,
        /** {@link #reference} instead of the bytes: the consumer reads them only if it needs them. */
        REFERENCED
    }

    /** Called on the encoder's thread; {@code fsMagic} is the file's filesystem type (statfs f_type). */
    Handling handling(StatX st, long fsMagic);

    /** The next {@code st.size()} bytes written are the payload of this file. */
    void announce(StatX st, String path) throws IOException;

    /**
     * The payload of the file open at {@code fd} belongs here, {@code st.size()} bytes long. The callee
     * owns {@code fd} from now on and closes it, also when this throws.
     */
    void reference(Fd fd, StatX st, String path) throws IOException;
}
