package dev.paddock.core.image.index;

/**
 * casync's "feature flags are normalised" test (caformat-util.c), which its index reader applies.
 * Kept here until the catar codec's FeatureFlags is on main; then this delegates to it.
 */
final class FlagRules {
    private static final long UID16 = 0x1, UID32 = 0x2, USER_NAMES = 0x4, SEC = 0x8, USEC = 0x10, NSEC = 0x20,
            SEC2 = 0x40, READ_ONLY = 0x80, PERMISSIONS = 0x100, FLAG_NODUMP = 0x100000, SUBVOLUME = 0x4000000L,
            SUBVOLUME_RO = 0x8000000L, ACL = 0x20000000L, EXCLUDE_NODUMP = 0x8000000000000000L;
    static final long MAX = 0x1ffffffffL | 0x1000000000000000L | 0x2000000000000000L | 0x4000000000000000L | EXCLUDE_NODUMP;

    private FlagRules() {}

    /** null if normalised, else why not. */
    static String whyNotNormalised(long f) {
        if ((f & ~MAX) != 0) {
            return String.format("unknown feature flag bits 0x%x", f & ~MAX);
        }
        if ((f & NSEC) != 0 && (f & (USEC | SEC | SEC2)) != 0
                || (f & USEC) != 0 && (f & (SEC | SEC2)) != 0
                || (f & SEC) != 0 && (f & SEC2) != 0) {
            return "more than one time granularity";
        }
        if ((f & (UID16 | UID32)) == (UID16 | UID32)) {
            return "both 16-bit and 32-bit uids";
        }
        if ((f & PERMISSIONS) != 0 && (f & READ_ONLY) != 0) {
            return "both permissions and read-only";
        }
        if ((f & ACL) != 0 && (f & (PERMISSIONS | READ_ONLY)) != 0) {
            return "ACL together with permissions or read-only";
        }
        if ((f & ACL) != 0 && (f & (UID16 | UID32 | USER_NAMES)) == 0) {
            return "ACL without uids or user names";
        }
        if ((f & EXCLUDE_NODUMP) != 0 && (f & FLAG_NODUMP) != 0) {
            return "both exclude-nodump and the nodump flag";
        }
        if ((f & SUBVOLUME_RO) != 0 && (f & SUBVOLUME) == 0) {
            return "read-only subvolume without subvolume";
        }
        return null;
    }
}
