package dev.paddock.core.store;

import java.util.regex.Pattern;

/**
 * Temporary chunk files that writers killed mid-put (kill -9, a lost connection) left in a store,
 * found or removed by gc. Both paddock's and casync's names are recognised, since they share stores:
 * paddock writes {@code .#<id>.cacnk.<hex>.tmp}, casync {@code .#<id>.cacnk<16 hex>}.
 */
public record TempSweep(long files, long bytes) {
    public static final TempSweep NONE = new TempSweep(0, 0);

    private static final Pattern NAME = Pattern.compile("\\.#[0-9a-f]{64}(\\.cacnk)?(\\.[0-9a-f]{1,16}\\.tmp|[0-9a-f]{16})");

    /** Whether a file in a chunk directory is a writer's temporary rather than a chunk or a stranger's file. */
    public static boolean isTemporary(String fileName) {
        return NAME.matcher(fileName).matches();
    }

    public TempSweep plus(TempSweep o) {
        return new TempSweep(files + o.files, bytes + o.bytes);
    }

    public TempSweep plusFile(long size) {
        return new TempSweep(files + 1, bytes + size);
    }
}
