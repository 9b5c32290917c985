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
                Runtime.getRuntime().availableProcessors());
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
