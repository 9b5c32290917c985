package dev.paddock.sys;

/** One line of /proc/PID/uid_map or gid_map: {@code inside outside count}. */
public record IdMapLine(long inside, long outside, long count) {
    public IdMapLine {
        if (count <= 0 || inside < 0 || outside < 0 || inside + count > 0x1_0000_0000L || outside + count > 0x1_0000_0000L) {
            throw new IllegalArgumentException("invalid id map line " + inside + " " + outside + " " + count);
        }
    }

    @Override
    public String toString() {
        return inside + " " + outside + " " + count;
    }
}
