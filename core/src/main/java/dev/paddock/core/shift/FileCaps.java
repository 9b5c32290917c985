package dev.paddock.core.shift;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code security.capability} xattr. v2 (20 bytes) holds a magic word and two permitted/inheritable
 * pairs and applies to the host's root; v3 (24 bytes) adds a trailing le32 {@code rootid}, the host uid
 * that acts as root for these capabilities (a container's root). v1 (12 bytes, one pair) is legacy.
 */
public final class FileCaps {
    public static final String XATTR = "security.capability";
    public static final int REVISION_MASK = 0xFF000000, FLAGS_MASK = 0x00FFFFFF;
    public static final int REVISION_1 = 0x01000000, REVISION_2 = 0x02000000, REVISION_3 = 0x03000000;
    public static final int SIZE_1 = 12, SIZE_2 = 20, SIZE_3 = 24;

    private FileCaps() {}

    public static int revision(byte[] raw) {
        if (raw.length < 4) {
            throw new IllegalArgumentException("malformed security.capability of " + raw.length + " bytes");
        }
        int rev = magic(raw) & REVISION_MASK;
        int expected = switch (rev) {
            case REVISION_1 -> SIZE_1;
            case REVISION_2 -> SIZE_2;
            case REVISION_3 -> SIZE_3;
            default -> throw new IllegalArgumentException(
                    "unknown security.capability revision 0x" + Integer.toHexString(rev));
        };
        if (raw.length != expected) {
            throw new IllegalArgumentException("security.capability revision 0x" + Integer.toHexString(rev)
                    + " has " + raw.length + " bytes, expected " + expected);
        }
        return rev;
    }

    /** The uid that counts as root for these capabilities: 0 for v1/v2. */
    public static long rootId(byte[] raw) {
        return revision(raw) == REVISION_3 ? Integer.toUnsignedLong(le(raw).getInt(SIZE_2)) : 0;
    }

    /**
     * The same capability sets re-homed to {@code rootId}: v3 with that rootid, or v2 when it is 0 (host
     * root), which is what fuidshift writes, so that shifting there and back restores the exact bytes.
     */
    public static byte[] withRootId(byte[] raw, long rootId) {
        int rev = revision(raw);
        int flags = magic(raw) & FLAGS_MASK;
        ByteBuffer out = ByteBuffer.allocate(rootId == 0 ? SIZE_2 : SIZE_3).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((rootId == 0 ? REVISION_2 : REVISION_3) | flags);
        // v1 has one permitted/inheritable pair; the second (upper 32 capabilities) is then zero.
        out.put(raw, 4, rev == REVISION_1 ? SIZE_1 - 4 : SIZE_2 - 4);
        out.position(SIZE_2);
        if (rootId != 0) {
            out.putInt((int) rootId);
        }
        return out.array();
    }

    private static int magic(byte[] raw) {
        return le(raw).getInt(0);
    }

    private static ByteBuffer le(byte[] raw) {
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }
}
