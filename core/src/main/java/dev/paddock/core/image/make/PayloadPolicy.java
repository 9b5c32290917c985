package dev.paddock.core.image.make;

import dev.paddock.core.image.catar.PayloadReferences.Handling;
import dev.paddock.sys.StatX;

/**
 * Which payloads the make cache describes by their file instead of their bytes, and which it does not
 * even read unless a chunk turns out to have changed.
 *
 * <p>Only files on local filesystems whose ctime the kernel keeps honestly are described by file: ext4,
 * xfs, btrfs and tmpfs. Network, FUSE and overlay filesystems, whose timestamps come from elsewhere,
 * always go as bytes. Small files are read anyway (one pread is cheaper than keeping their descriptor
 * open until the chunker decides), large ones are passed by reference when a previous run's cache can
 * spare reading them.
 */
record PayloadPolicy(boolean reference) {
    /** Files at least this long are passed by reference; keeps the descriptors in flight to a few hundred. */
    static final long REFERENCE_MIN = 16 * 1024;

    private static final long EXT4 = 0xEF53L, XFS = 0x58465342L, BTRFS = 0x9123683EL, TMPFS = 0x01021994L;

    Handling handling(StatX st, long fsMagic) {
        if (st.size() <= 0 || !(fsMagic == EXT4 || fsMagic == XFS || fsMagic == BTRFS || fsMagic == TMPFS)) {
            return Handling.BYTES;
        }
        return reference && st.size() >= REFERENCE_MIN ? Handling.REFERENCED : Handling.ANNOUNCED;
    }
}
