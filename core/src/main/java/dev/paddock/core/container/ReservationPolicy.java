package dev.paddock.core.container;

import java.nio.file.Path;
import java.util.List;

/**
 * Where reservations may be placed: from {@code firstBase} up to (not including) {@code limit}, never
 * over the ranges delegated in the subordinate id files (/etc/subuid, /etc/subgid).
 */
public record ReservationPolicy(long firstBase, long limit, List<Path> subordinateIdFiles) {
    /** The host's own ids are 0..0xFFFF; the last block stops short of the invalid id 0xFFFFFFFF. */
    public static final long HOST_IDS_END = 0x10000L;
    public static final long UID_LIMIT = 0xFFFF0000L;

    public ReservationPolicy {
        if (firstBase < 0 || limit <= firstBase || limit > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("invalid reservation window " + firstBase + ".." + limit);
        }
        subordinateIdFiles = List.copyOf(subordinateIdFiles);
    }

    public static ReservationPolicy host() {
        return new ReservationPolicy(HOST_IDS_END, UID_LIMIT, List.of(Path.of("/etc/subuid"), Path.of("/etc/subgid")));
    }
}
