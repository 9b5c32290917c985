package dev.paddock.core.shift;

import java.util.OptionalLong;

/**
 * What one shift-own run should do. Validated on construction; the messages name the option.
 *
 * @param shift        first id of the target window; a multiple of {@code range}
 * @param range        size of both windows
 * @param from         first id of the source window, or empty to take it from each root's owner
 * @param dryRun       decide and report, change nothing
 * @param crossMounts  descend into other mounted filesystems
 * @param parallelism  walker threads
 */
public record ShiftConfig(long shift, long range, OptionalLong from, boolean dryRun, boolean crossMounts,
                          int parallelism) {
    public static final long DEFAULT_RANGE = 0x10000;

    public ShiftConfig {
        if (range <= 0) {
            throw new IllegalArgumentException("range must be positive, not " + range);
        }
        if (range > IdRange.NO_ID) {
            throw new IllegalArgumentException("range " + IdRange.hex(range) + " exceeds the uid space");
        }
        if (shift < 0) {
            throw new IllegalArgumentException("shift must not be negative");
        }
        if (shift % range != 0) {
            throw new IllegalArgumentException(
                    "shift " + IdRange.hex(shift) + " is not a multiple of the range " + IdRange.hex(range));
        }
        if (shift + range > IdRange.NO_ID) {
            throw new IllegalArgumentException("shift " + IdRange.hex(shift) + " + range " + IdRange.hex(range)
                    + " overflows uid_t (ids must stay below " + IdRange.hex(IdRange.NO_ID) + ")");
        }
        if (from.isPresent() && (from.getAsLong() < 0 || from.getAsLong() + range > IdRange.NO_ID)) {
            throw new IllegalArgumentException("from " + IdRange.hex(from.getAsLong()) + " + range "
                    + IdRange.hex(range) + " overflows uid_t");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static ShiftConfig of(long shift) {
        return new ShiftConfig(shift, DEFAULT_RANGE, OptionalLong.empty(), false, false,
                defaultParallelism());
    }

    /** {@link #defaultParallelism(int)} for this host's processors. */
    public static int defaultParallelism() {
        return defaultParallelism(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Walker threads for a host with {@code cpus} processors: two per processor, at least 4 and at most
     * 32. On a cold cache a walker mostly waits for inode and directory reads, and more of them in
     * flight keep the disk's queue full; on a warm cache every thread beyond the processors costs CPU in
     * hand-offs. Measured on 2 cores, 53k entries (median of 5): caches dropped 1.17 s with 2 threads,
     * 0.94 s with 4, 1.00 s with 8; warm 0.61 s, 0.66 s and 0.69 s.
     */
    public static int defaultParallelism(int cpus) {
        return Math.min(32, Math.max(4, 2 * cpus));
    }

    public ShiftConfig withRange(long r) {
        return new ShiftConfig(shift, r, from, dryRun, crossMounts, parallelism);
    }

    public ShiftConfig withFrom(long base) {
        return new ShiftConfig(shift, range, OptionalLong.of(base), dryRun, crossMounts, parallelism);
    }

    public ShiftConfig withDryRun(boolean dry) {
        return new ShiftConfig(shift, range, from, dry, crossMounts, parallelism);
    }

    public ShiftConfig withCrossMounts(boolean cross) {
        return new ShiftConfig(shift, range, from, dryRun, cross, parallelism);
    }

    public ShiftConfig withParallelism(int threads) {
        return new ShiftConfig(shift, range, from, dryRun, crossMounts, threads);
    }
}
