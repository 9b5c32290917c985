package dev.paddock.core.store;

import java.nio.ByteBuffer;

/** Moving stored bytes between buffers and arrays where a store or codec needs a heap copy. */
final class Buffers {
    private Buffers() {}

    /** The bytes from the buffer's position to its limit, as a new array; the position ends at the limit. */
    static byte[] drain(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}
