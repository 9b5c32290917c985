package dev.paddock.core.shift;

import java.util.List;

/**
 * The outcome of shifting one PATH.
 *
 * @param total         entries seen (every name, hardlinks included)
 * @param changed       entries whose owner was changed (or would be, in a dry run)
 * @param already       entries whose uid and gid were already in the target window
 * @param foreign       entries with an id in neither window (left unchanged)
 * @param inTarget      entries whose uid and gid are now in the target window
 * @param hardlinkRepeats names of an inode reached before through another name (shifted once, not again)
 * @param failures      entries that could not be shifted
 * @param skippedMounts mount points not entered, as display paths
 */
public record ShiftResult(ShiftTarget target, boolean dryRun, long total, long changed, long already, long foreign,
                          long inTarget, long hardlinkRepeats, long failures, List<String> skippedMounts) {
    public boolean ok(boolean ignoreForeign) {
        return failures == 0 && (ignoreForeign || foreign == 0);
    }
}
