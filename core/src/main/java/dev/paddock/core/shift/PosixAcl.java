package dev.paddock.core.shift;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The on-disk form of a POSIX ACL xattr ({@code system.posix_acl_access} / {@code _default}): a 4-byte
 * little-endian version (2), then 8-byte entries {@code {le16 tag, le16 perm, le32 id}}. Only USER and
 * GROUP entries carry an id; the others hold {@code (uint32_t) -1}.
 */
public final class PosixAcl {
    public static final String ACCESS = "system.posix_acl_access";
    public static final String DEFAULT = "system.posix_acl_default";
    public static final int VERSION = 2;
    public static final int USER_OBJ = 0x01, USER = 0x02, GROUP_OBJ = 0x04, GROUP = 0x08, MASK = 0x10, OTHER = 0x20;
    private static final int HEADER = 4, ENTRY = 8;

    /** One ACL entry; {@code id} is unsigned. */
    public record Entry(int tag, int perm, long id) {
        public boolean carriesId() {
            return tag == USER || tag == GROUP;
        }
    }

    private PosixAcl() {}

    public static boolean isAclName(String xattr) {
        return ACCESS.equals(xattr) || DEFAULT.equals(xattr);
    }

    public static List<Entry> decode(byte[] raw) {
        ByteBuffer b = check(raw);
        List<Entry> out = new ArrayList<>((raw.length - HEADER) / ENTRY);
        for (int pos = HEADER; pos < raw.length; pos += ENTRY) {
            out.add(new Entry(Short.toUnsignedInt(b.getShort(pos)), Short.toUnsignedInt(b.getShort(pos + 2)),
                    Integer.toUnsignedLong(b.getInt(pos + 4))));
        }
        return out;
    }

    public static byte[] encode(List<Entry> entries) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + ENTRY * entries.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VERSION);
        for (Entry e : entries) {
            b.putShort((short) e.tag()).putShort((short) e.perm()).putInt((int) e.id());
        }
        return b.array();
    }

    /**
     * Applies {@code shift} to the USER and GROUP entries. Returns the new value, or {@code null} when no
     * id moved (so the caller can skip the write). Foreign ids stay and go to {@code foreign}.
     */
    public static byte[] remap(byte[] raw, IdShift shift, LongConsumer foreign) {
        ByteBuffer b = check(raw);
        byte[] out = null;
        for (int pos = HEADER; pos < raw.length; pos += ENTRY) {
            int tag = Short.toUnsignedInt(b.getShort(pos));
            if (tag != USER && tag != GROUP) {
                continue;
            }
            long id = Integer.toUnsignedLong(b.getInt(pos + 4));
            switch (shift.decide(id)) {
                case MAP -> {
                    if (out == null) {
                        out = raw.clone();
                    }
                    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(pos + 4, (int) shift.apply(id));
                }
                case FOREIGN -> foreign.accept(id);
                case DONE -> { }
            }
        }
        return out;
    }

    private static ByteBuffer check(byte[] raw) {
        if (raw.length < HEADER || (raw.length - HEADER) % ENTRY != 0) {
            throw new IllegalArgumentException("malformed POSIX ACL xattr of " + raw.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != VERSION) {
            throw new IllegalArgumentException("unsupported POSIX ACL xattr version " + b.getInt(0));
        }
        return b;
    }
}
