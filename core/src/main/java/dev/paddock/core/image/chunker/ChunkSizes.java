package dev.paddock.core.image.chunker;

import java.util.Locale;

/**
 * Minimum, average and maximum chunk size, with casync's rules: sizes lie in [1 byte, 128 MiB] and
 * min &le; avg &le; max. A lone average derives min = avg/4 and max = avg*4, clamped to the limits.
 */
public record ChunkSizes(long min, long avg, long max) {
    public static final long LIMIT_MIN = 1;
    public static final long LIMIT_MAX = 128L * 1024 * 1024;
    public static final long AVG_DEFAULT = 64 * 1024;
    public static final ChunkSizes DEFAULT = fromAverage(AVG_DEFAULT);

    public ChunkSizes {
        if (min < LIMIT_MIN || max > LIMIT_MAX || !(min <= avg && avg <= max)) {
            throw new IllegalArgumentException("invalid chunk sizes " + min + ":" + avg + ":" + max
                    + " (need 1 <= min <= avg <= max <= 128M)");
        }
    }

    public static ChunkSizes fromAverage(long avg) {
        if (avg < LIMIT_MIN || avg > LIMIT_MAX) {
            throw new IllegalArgumentException("average chunk size " + avg + " is outside [1, 128M]");
        }
        return new ChunkSizes(Math.max(LIMIT_MIN, avg / 4), avg, Math.min(LIMIT_MAX, avg * 4));
    }

    /**
     * Parses {@code --chunk-size}: {@code AVG} or {@code MIN:AVG:MAX}, each a size with an optional
     * K/M/G suffix (powers of 1024), or {@code auto} for the default.
     */
    public static ChunkSizes parse(String text) {
        String t = text.trim();
        if (t.equals("auto")) {
            return DEFAULT;
        }
        String[] parts = t.split(":", -1);
        if (parts.length == 1) {
            return fromAverage(parseSize(parts[0], "average"));
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("--chunk-size needs either a single average chunk size or MIN:AVG:MAX, not '" + text + "'");
        }
        return new ChunkSizes(parseSize(parts[0], "minimum"), parseSize(parts[1], "average"), parseSize(parts[2], "maximum"));
    }

    /** A size such as {@code 65536}, {@code 64K}, {@code 1.5M} (casync's parse_size, 1024-based). */
    public static long parseSize(String text, String what) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long factor = 1;
        if (!t.isEmpty()) {
            int idx = "BKMGT".indexOf(t.charAt(t.length() - 1));
            if (idx >= 0) {
                factor = 1L << (10 * idx);
                t = t.substring(0, t.length() - 1).trim();
            }
        }
        if (!t.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("cannot parse " + what + " chunk size '" + text + "'");
        }
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(t).multiply(java.math.BigDecimal.valueOf(factor));
            return v.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " chunk size '" + text + "' is too large", e);
        }
    }

    /**
     * The cut discriminator casync derives from the average (its chunks come out ~1.32x larger than the
     * raw average otherwise), computed in double exactly as the C macro does, then clamped to [min, max].
     */
    public long discriminator() {
        long d = (long) (avg / (-1.42888852e-7 * avg + 1.33237515));
        return Math.max(min, Math.min(max, d));
    }

    /** casync cuts at fixed offsets when min, avg and max are all equal. */
    public boolean fixed() {
        return min == avg && avg == max;
    }

    @Override
    public String toString() {
        return min + ":" + avg + ":" + max;
    }
}
