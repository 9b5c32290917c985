package dev.paddock.core.mount;

/**
 * One of paddock's shifted mounts as read back from the mount table (plus STATE's record).
 * {@code lower} is null when neither STATE's record nor the clone's mount entry reveals it.
 */
public record PaddockMount(String mountpoint, String lower, String state, long shift, long range, String method,
                           String lowerClone) {
}
