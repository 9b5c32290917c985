package dev.paddock.core.mount;

import java.nio.file.Path;

/**
 * What to mount: LOWER seen with ids {@code [0, range)} shifted to {@code [shift, shift + range)}, with
 * writes going to STATE/upper, at MOUNTPOINT. Paths are kept as given; they are resolved when mounting.
 */
public record ShiftMountSpec(Path lower, Path state, Path mountpoint, long shift, long range, Method method) {
    public static final long MAX_ID = 0xFFFF_FFFFL;

    public ShiftMountSpec {
        if (range <= 0) {
            throw new IllegalArgumentException("range must be positive, got " + range);
        }
        if (shift < 0 || shift + range > MAX_ID) {
            throw new IllegalArgumentException("shift 0x" + Long.toHexString(shift) + " with range 0x"
                    + Long.toHexString(range) + " does not fit in 32-bit ids");
        }
    }

    public String shiftHex() {
        return "0x" + Long.toHexString(shift);
    }

    public String rangeHex() {
        return "0x" + Long.toHexString(range);
    }
}
