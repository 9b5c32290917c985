package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Shifts the ownership of a tree in place, as shift-own does: ids in {@code [from, from + range)} move to
 * {@code [to, to + range)}, setuid/setgid bits, ACLs and file capabilities come out as shift-own makes
 * them. The chown method runs it over the merged overlay view, so with metacopy=on only metadata is
 * copied up.
 */
@FunctionalInterface
public interface TreeShifter {
    /**
     * @return how many entries under {@code root} (root included) now have their ids in the target
     *         range, whether or not they had to change
     * @throws IOException naming the entry that could not be shifted
     */
    long shift(Path root, long from, long to, long range) throws IOException;
}
