package dev.paddock.core.shift;

/**
 * A window of ids {@code [start, start + length)}. Ids are unsigned 32-bit values held in a long, so
 * that ids above 2^31 compare correctly.
 */
public record IdRange(long start, long length) {
    /** One past the largest uid_t value. */
    public static final long ID_SPACE = 0x1_0000_0000L;
    /** {@code (uid_t) -1} means "leave unchanged" to chown, so no window may produce it. */
    public static final long NO_ID = 0xFFFF_FFFFL;

    public IdRange {
        if (length <= 0) {
            throw new IllegalArgumentException("range must be positive, not " + length);
        }
        if (start < 0 || start + length > NO_ID) {
            throw new IllegalArgumentException(
                    "ids " + hex(start) + "+" + hex(length) + " do not fit below " + hex(NO_ID));
        }
    }

    /** The window of {@code length} ids that holds {@code id} and starts at a multiple of {@code length}. */
    public static IdRange enclosing(long id, long length) {
        return new IdRange(id / length * length, length);
    }

    public boolean contains(long id) {
        return id >= start && id - start < length;
    }

    /** The first id after the window. */
    public long end() {
        return start + length;
    }

    public boolean overlaps(IdRange other) {
        return start < other.end() && other.start < end();
    }

    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    @Override
    public String toString() {
        return "[" + hex(start) + ", " + hex(end()) + ")";
    }
}
