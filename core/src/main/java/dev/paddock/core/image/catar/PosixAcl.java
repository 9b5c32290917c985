package dev.paddock.core.image.catar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's system.posix_acl_access / system.posix_acl_default xattr format: le32 version 2, then
 * entries {le16 tag, le16 perm, le32 id}, sorted by tag then id.
 */
public final class PosixAcl {
    public static final String ACCESS = "system.posix_acl_access", DEFAULT = "system.posix_acl_default";
    public static final int USER_OBJ = 0x01, USER = 0x02, GROUP_OBJ = 0x04, GROUP = 0x08, MASK = 0x10, OTHER = 0x20;
    private static final int VERSION = 2;

    public record Entry(int tag, int perm, long id) {}

    private PosixAcl() {}

    /** Parses the xattr value; {@code null} for a malformed value. */
    public static List<Entry> parse(byte[] value) {
        if (value == null || value.length < 4 || (value.length - 4) % 8 != 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != VERSION) {
            return null;
        }
        List<Entry> out = new ArrayList<>();
        for (int p = 4; p < value.length; p += 8) {
            out.add(new Entry(Short.toUnsignedInt(b.getShort(p)), Short.toUnsignedInt(b.getShort(p + 2)) & 7,
                    Integer.toUnsignedLong(b.getInt(p + 4))));
        }
        return out;
    }

    /** Formats entries into the xattr value, sorting them as the kernel requires. */
    public static byte[] format(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((x, y) -> x.tag() != y.tag() ? Integer.compare(x.tag(), y.tag()) : Long.compare(x.id(), y.id()));
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VERSION);
        for (Entry e : sorted) {
            boolean named = e.tag() == USER || e.tag() == GROUP;
            b.putShort((short) e.tag()).putShort((short) e.perm()).putInt(named ? (int) e.id() : -1);
        }
        return b.array();
    }
}
