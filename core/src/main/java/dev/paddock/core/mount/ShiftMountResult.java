package dev.paddock.core.mount;

import java.nio.file.Path;

/**
 * What a mount did.
 *
 * @param method          the method used (never AUTO)
 * @param files           entries under the mountpoint now in the target range (chown: counted by the walk;
 *                        idmap: null, since counting would cost the walk idmap exists to avoid)
 * @param walkSkipped     chown found STATE already shifted by an earlier mount and did not walk again
 * @param fallbackReason  why auto did not use idmap, or null
 * @param lowerClone      where the idmapped clone of LOWER is attached (idmap only)
 */
public record ShiftMountResult(Path mountpoint, Path lower, Path state, long shift, long range, Method method,
                               Long files, boolean walkSkipped, String fallbackReason, Path lowerClone) {
}
