package dev.paddock.core.image.catar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * casync's 64-bit feature flags word (caformat.h): which file properties an archive stores and which
 * exclusion rules made it. Immutable; {@link #normalize()} applies casync's rules for redundant bits.
 */
public record FeatureFlags(long bits) {
    public static final long WITH_16BIT_UIDS = 0x1L, WITH_32BIT_UIDS = 0x2L, WITH_USER_NAMES = 0x4L,
            WITH_SEC_TIME = 0x8L, WITH_USEC_TIME = 0x10L, WITH_NSEC_TIME = 0x20L, WITH_2SEC_TIME = 0x40L,
            WITH_READ_ONLY = 0x80L, WITH_PERMISSIONS = 0x100L, WITH_SYMLINKS = 0x200L, WITH_DEVICE_NODES = 0x400L,
            WITH_FIFOS = 0x800L, WITH_SOCKETS = 0x1000L,
            WITH_FLAG_HIDDEN = 0x2000L, WITH_FLAG_SYSTEM = 0x4000L, WITH_FLAG_ARCHIVE = 0x8000L,
            WITH_FLAG_APPEND = 0x10000L, WITH_FLAG_NOATIME = 0x20000L, WITH_FLAG_COMPR = 0x40000L,
            WITH_FLAG_NOCOW = 0x80000L, WITH_FLAG_NODUMP = 0x100000L, WITH_FLAG_DIRSYNC = 0x200000L,
            WITH_FLAG_IMMUTABLE = 0x400000L, WITH_FLAG_SYNC = 0x800000L, WITH_FLAG_NOCOMP = 0x1000000L,
            WITH_FLAG_PROJINHERIT = 0x2000000L, WITH_SUBVOLUME = 0x4000000L, WITH_SUBVOLUME_RO = 0x8000000L,
            WITH_XATTRS = 0x10000000L, WITH_ACL = 0x20000000L, WITH_SELINUX = 0x40000000L, WITH_FCAPS = 0x80000000L,
            WITH_QUOTA_PROJID = 0x100000000L,
            EXCLUDE_FILE = 0x1000000000000000L, SHA512_256 = 0x2000000000000000L,
            EXCLUDE_SUBMOUNTS = 0x4000000000000000L, EXCLUDE_NODUMP = 0x8000000000000000L;

    public static final long WITH_FAT_ATTRS = WITH_FLAG_HIDDEN | WITH_FLAG_SYSTEM | WITH_FLAG_ARCHIVE;
    public static final long WITH_CHATTR = WITH_FLAG_APPEND | WITH_FLAG_NOATIME | WITH_FLAG_COMPR | WITH_FLAG_NOCOW
            | WITH_FLAG_NODUMP | WITH_FLAG_DIRSYNC | WITH_FLAG_IMMUTABLE | WITH_FLAG_SYNC | WITH_FLAG_NOCOMP
            | WITH_FLAG_PROJINHERIT;
    public static final long WITH_BEST = WITH_32BIT_UIDS | WITH_USER_NAMES | WITH_NSEC_TIME | WITH_SYMLINKS
            | WITH_DEVICE_NODES | WITH_FIFOS | WITH_SOCKETS | WITH_FAT_ATTRS | WITH_CHATTR | WITH_SUBVOLUME
            | WITH_SUBVOLUME_RO | WITH_XATTRS | WITH_ACL | WITH_SELINUX | WITH_FCAPS | WITH_QUOTA_PROJID;
    public static final long WITH_UNIX = WITH_16BIT_UIDS | WITH_PERMISSIONS | WITH_SEC_TIME | WITH_SYMLINKS
            | WITH_DEVICE_NODES | WITH_FIFOS | WITH_SOCKETS;
    public static final long WITH_FAT = WITH_2SEC_TIME | WITH_READ_ONLY | WITH_FAT_ATTRS;
    public static final long WITH_PRIVILEGED = WITH_16BIT_UIDS | WITH_32BIT_UIDS | WITH_USER_NAMES
            | WITH_DEVICE_NODES | WITH_FLAG_SYSTEM | WITH_FLAG_APPEND | WITH_FLAG_IMMUTABLE | WITH_SUBVOLUME
            | WITH_SUBVOLUME_RO | WITH_ACL | WITH_SELINUX | WITH_FCAPS | WITH_QUOTA_PROJID;
    public static final long WITH_FUSE = WITH_16BIT_UIDS | WITH_32BIT_UIDS | WITH_SEC_TIME | WITH_USEC_TIME
            | WITH_NSEC_TIME | WITH_2SEC_TIME | WITH_READ_ONLY | WITH_PERMISSIONS | WITH_SYMLINKS
            | WITH_DEVICE_NODES | WITH_FIFOS | WITH_SOCKETS | WITH_FAT_ATTRS | WITH_CHATTR | WITH_XATTRS;
    /** Every --with bit ("all"). */
    public static final long WITH_MASK = 0x1ffffffffL;
    public static final long MAX = WITH_MASK | EXCLUDE_NODUMP | EXCLUDE_SUBMOUNTS | EXCLUDE_FILE | SHA512_256;
    public static final long TIME_BITS = WITH_SEC_TIME | WITH_USEC_TIME | WITH_NSEC_TIME | WITH_2SEC_TIME;
    public static final long UID_BITS = WITH_16BIT_UIDS | WITH_32BIT_UIDS;

    /**
     * What {@code casync make} uses without --with/--without: all --with bits of a SELinux-enabled build
     * (the Debian package is one), plus exclude-nodump, exclude-file and SHA-512/256, normalised:
     * 0xb0000001ffeffe26.
     */
    public static final FeatureFlags MAKE_DEFAULT = new FeatureFlags(WITH_MASK | EXCLUDE_NODUMP | EXCLUDE_FILE | SHA512_256).normalize();

    /** The --with=/--without= names in casync's table order (caformat-util.c); formatting walks this order. */
    private static final Map<String, Long> NAMES = new LinkedHashMap<>();

    static {
        String[] single = {"16bit-uids", "32bit-uids", "user-names", "sec-time", "usec-time", "nsec-time", "2sec-time",
            "read-only", "permissions", "symlinks", "device-nodes", "fifos", "sockets", "flag-hidden", "flag-system",
            "flag-archive", "flag-append", "flag-noatime", "flag-compr", "flag-nocow", "flag-nodump", "flag-dirsync",
            "flag-immutable", "flag-sync", "flag-nocomp", "flag-projinherit", "subvolume", "subvolume-ro", "xattrs",
            "acl", "selinux", "fcaps", "quota-projid"};
        for (int i = 0; i < single.length; i++) {
            NAMES.put(single[i], 1L << i);
        }
        NAMES.put("best", WITH_BEST);
        NAMES.put("unix", WITH_UNIX);
        NAMES.put("fat", WITH_FAT);
        NAMES.put("chattr", WITH_CHATTR);
        NAMES.put("fat-attrs", WITH_FAT_ATTRS);
        NAMES.put("privileged", WITH_PRIVILEGED);
        NAMES.put("fuse", WITH_FUSE);
        NAMES.put("all", WITH_MASK);
    }

    /** Options as casync's tool combines them (casync-tool.c load_feature_flags). */
    public record Options(List<String> with, List<String> without, boolean excludeNodump, boolean excludeSubmounts,
                          boolean excludeFile, boolean sha512) {
        public static Options defaults() {
            return new Options(List.of(), List.of(), true, false, true, true);
        }
    }

    /** The flags {@code casync make} would use for these options, normalised. */
    public static FeatureFlags forMake(Options o) {
        long with = 0;
        for (String n : o.with()) {
            with |= bitsOf(n);
        }
        long without = 0;
        for (String n : o.without()) {
            without |= bitsOf(n);
        }
        long f = (with == 0 ? WITH_MASK : with) & ~without;
        if (o.excludeNodump()) {
            f |= EXCLUDE_NODUMP;
        }
        if (o.excludeSubmounts()) {
            f |= EXCLUDE_SUBMOUNTS;
        }
        if (o.excludeFile()) {
            f |= EXCLUDE_FILE;
        }
        if (o.sha512()) {
            f |= SHA512_256;
        }
        return new FeatureFlags(f).normalize();
    }

    /** The bits of one --with=/--without= name; unknown names are rejected with the list of valid ones. */
    public static long bitsOf(String name) {
        Long b = NAMES.get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown feature '" + name + "' (known: " + String.join(", ", NAMES.keySet()) + ")");
        }
        return b;
    }

    public static List<String> knownNames() {
        return List.copyOf(NAMES.keySet());
    }

    public boolean has(long flag) {
        return (bits & flag) != 0;
    }

    public boolean hasAll(long flag) {
        return (bits & flag) == flag;
    }

    /** Drops redundant bits exactly like ca_feature_flags_normalize. */
    public FeatureFlags normalize() {
        long f = bits;
        if ((f & ~MAX) != 0) {
            throw new IllegalArgumentException(String.format("unknown feature flag bits 0x%x", f & ~MAX));
        }
        if ((f & WITH_ACL) != 0 && (f & (UID_BITS | WITH_USER_NAMES)) == 0) {
            f |= WITH_32BIT_UIDS | WITH_USER_NAMES;
        }
        if ((f & WITH_32BIT_UIDS) != 0) {
            f &= ~WITH_16BIT_UIDS;
        }
        if ((f & WITH_NSEC_TIME) != 0) {
            f &= ~(WITH_USEC_TIME | WITH_SEC_TIME | WITH_2SEC_TIME);
        }
        if ((f & WITH_USEC_TIME) != 0) {
            f &= ~(WITH_SEC_TIME | WITH_2SEC_TIME);
        }
        if ((f & WITH_SEC_TIME) != 0) {
            f &= ~WITH_2SEC_TIME;
        }
        if ((f & WITH_ACL) != 0) {
            f &= ~(WITH_PERMISSIONS | WITH_READ_ONLY);
        }
        if ((f & WITH_PERMISSIONS) != 0) {
            f &= ~WITH_READ_ONLY;
        }
        if ((f & EXCLUDE_NODUMP) != 0) {
            f &= ~WITH_FLAG_NODUMP;
        }
        if ((f & WITH_SUBVOLUME_RO) != 0) {
            f |= WITH_SUBVOLUME;
        }
        return new FeatureFlags(f);
    }

    /** Whether the bits are already in normal form (ca_feature_flags_are_normalized); unknown bits are not. */
    public boolean isNormalized() {
        if ((bits & ~MAX) != 0) {
            return false;
        }
        try {
            return normalize().bits == bits;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Like ca_feature_flags_normalize_mask: sets every bit that is implied as a mask. */
    public FeatureFlags expandAsMask() {
        long m = bits & MAX;
        if ((m & UID_BITS) != 0) {
            m |= UID_BITS;
        }
        if ((m & TIME_BITS) != 0) {
            m |= TIME_BITS;
        }
        if ((m & WITH_PERMISSIONS) != 0) {
            m |= WITH_READ_ONLY;
        }
        if ((m & WITH_ACL) != 0) {
            m |= WITH_PERMISSIONS | WITH_READ_ONLY;
        }
        if ((m & WITH_SUBVOLUME_RO) != 0) {
            m |= WITH_SUBVOLUME;
        }
        return new FeatureFlags(m);
    }

    /** mtime granularity in nanoseconds, or -1 when no time is stored. */
    public long timeGranularityNanos() {
        if (has(WITH_NSEC_TIME)) {
            return 1;
        }
        if (has(WITH_USEC_TIME)) {
            return 1000;
        }
        if (has(WITH_SEC_TIME)) {
            return 1_000_000_000L;
        }
        if (has(WITH_2SEC_TIME)) {
            return 2_000_000_000L;
        }
        return -1;
    }

    public String digestAlgorithm() {
        return has(SHA512_256) ? "SHA-512/256" : "SHA-256";
    }

    /** The set --with names, greedily taking composite names first as casync's formatter does. */
    public List<String> withNames() {
        List<String> out = new ArrayList<>();
        long f = bits & WITH_MASK;
        for (Map.Entry<String, Long> e : NAMES.entrySet()) {
            if (f == 0) {
                break;
            }
            long v = e.getValue();
            if ((f & v) == v) {
                out.add(e.getKey());
                f &= ~v;
            }
        }
        return out;
    }

    /** Every set bit by name, including the exclude-* and sha512-256 bits. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : NAMES.entrySet()) {
            if (Long.bitCount(e.getValue()) == 1 && (bits & e.getValue()) != 0) {
                out.add(e.getKey());
            }
        }
        if (has(EXCLUDE_FILE)) {
            out.add("exclude-file");
        }
        if (has(SHA512_256)) {
            out.add("sha512-256");
        }
        if (has(EXCLUDE_SUBMOUNTS)) {
            out.add("exclude-submounts");
        }
        if (has(EXCLUDE_NODUMP)) {
            out.add("exclude-nodump");
        }
        long unknown = bits & ~MAX;
        if (unknown != 0) {
            out.add(String.format("unknown(0x%x)", unknown));
        }
        return out;
    }

    // chattr (FS_*_FL) <-> casync flag mapping, in casync's table order
    private static final long[] CHATTR_FEATURE = {WITH_FLAG_APPEND, WITH_FLAG_NOATIME, WITH_FLAG_COMPR, WITH_FLAG_NOCOW,
        WITH_FLAG_NODUMP, WITH_FLAG_DIRSYNC, WITH_FLAG_IMMUTABLE, WITH_FLAG_SYNC, WITH_FLAG_NOCOMP, WITH_FLAG_PROJINHERIT};
    public static final int FS_SYNC_FL = 0x8, FS_IMMUTABLE_FL = 0x10, FS_APPEND_FL = 0x20, FS_NODUMP_FL = 0x40,
            FS_NOATIME_FL = 0x80, FS_COMPR_FL = 0x4, FS_NOCOMP_FL = 0x400, FS_DIRSYNC_FL = 0x10000,
            FS_NOCOW_FL = 0x800000, FS_PROJINHERIT_FL = 0x20000000;
    private static final int[] CHATTR_FS = {FS_APPEND_FL, FS_NOATIME_FL, FS_COMPR_FL, FS_NOCOW_FL, FS_NODUMP_FL,
        FS_DIRSYNC_FL, FS_IMMUTABLE_FL, FS_SYNC_FL, FS_NOCOMP_FL, FS_PROJINHERIT_FL};

    public static long fromChattr(int fsFlags) {
        long f = 0;
        for (int i = 0; i < CHATTR_FS.length; i++) {
            if ((fsFlags & CHATTR_FS[i]) != 0) {
                f |= CHATTR_FEATURE[i];
            }
        }
        return f;
    }

    public static int toChattr(long features) {
        int f = 0;
        for (int i = 0; i < CHATTR_FS.length; i++) {
            if ((features & CHATTR_FEATURE[i]) != 0) {
                f |= CHATTR_FS[i];
            }
        }
        return f;
    }

    /** FAT attribute bits (ATTR_HIDDEN 2, ATTR_SYS 4, ATTR_ARCH 0x20). */
    public static int toFatAttrs(long features) {
        return ((features & WITH_FLAG_HIDDEN) != 0 ? 2 : 0) | ((features & WITH_FLAG_SYSTEM) != 0 ? 4 : 0)
                | ((features & WITH_FLAG_ARCHIVE) != 0 ? 0x20 : 0);
    }

    @Override
    public String toString() {
        return String.format("0x%016x", bits);
    }
}
