package dev.paddock.core.shift;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.paddock.sys.StatX;

/**
 * What a chown is about to clear and the shift must put back: the mode with its setuid/setgid bits,
 * and the file capabilities already rehomed to the target range (null when there are none).
 *
 * <p>Written on the inode itself, as the {@value #XATTR} xattr, before the chown and removed once
 * both are back. A shift killed between the chown and the restore leaves the note behind; the rerun
 * finds the entry's owner already in the target range, sees the note in the xattr listing it takes
 * anyway, and finishes the restore from it. Without the note that entry would stay done and stripped.
 */
record PendingRestore(int mode, byte[] caps) {
    static final String XATTR = "trusted.paddock.restore";
    private static final byte VERSION = 1;
    private static final int HEADER = 5;

    byte[] encode() {
        int n = caps == null ? 0 : caps.length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(VERSION).putInt(mode);
        if (caps != null) {
            b.put(caps);
        }
        return b.array();
    }

    static PendingRestore decode(byte[] raw) {
        if (raw.length < HEADER || raw[0] != VERSION) {
            throw new IllegalArgumentException("unreadable " + XATTR + " (" + raw.length + " bytes): not written by this version");
        }
        int mode = ByteBuffer.wrap(raw, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] caps = raw.length == HEADER ? null : Arrays.copyOfRange(raw, HEADER, raw.length);
        if (caps != null) {
            FileCaps.revision(caps); // refuses a malformed capability before it is written back
        }
        return new PendingRestore(mode, caps);
    }

    /** True when the setuid or setgid bit has to be put back. */
    boolean restoresMode() {
        return (mode & (StatX.S_ISUID | StatX.S_ISGID)) != 0;
    }
}
