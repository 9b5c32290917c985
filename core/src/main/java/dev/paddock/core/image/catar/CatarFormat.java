package dev.paddock.core.image.catar;

/** casync's object type magics and size limits (caformat.h). */
public final class CatarFormat {
    public static final long ENTRY = 0x1396fabcea5bbb51L, USER = 0xf453131aaeeaccb3L, GROUP = 0x25eb6ac969396a52L,
            XATTR = 0xb8157091f80bc486L, ACL_USER = 0x297dc88b2ef12fafL, ACL_GROUP = 0x36f2acb56cb3dd0bL,
            ACL_GROUP_OBJ = 0x23047110441f38f3L, ACL_DEFAULT = 0xfe3eeda6823c8cd0L,
            ACL_DEFAULT_USER = 0xbdf03df9bd010a91L, ACL_DEFAULT_GROUP = 0xa0cb1168782d1f51L,
            FCAPS = 0xf7267db0afed0629L, QUOTA_PROJID = 0x161baf2d8772a72bL, SELINUX = 0x46faf0602fd26c59L,
            SYMLINK = 0x664a6fb6830e0d6cL, DEVICE = 0xac3dace369dfe643L, PAYLOAD = 0x8b9e1d93d6dcffc9L,
            FILENAME = 0x6dbb6ebcb3161f0bL, GOODBYE = 0xdfd35c5e8327c403L, GOODBYE_TAIL_MARKER = 0x57446fa533702943L;

    public static final int HEADER = 16, ENTRY_SIZE = 64, GOODBYE_ITEM = 24;
    public static final int NAME_MAX = 255, USER_NAME_MAX = 255, XATTR_NAME_MAX = 255, XATTR_VALUE_MAX = 64 * 1024,
            FCAPS_MAX = 64 * 1024, SYMLINK_MAX = 4095, SELINUX_MAX = 4095;
    /** "No value" in ACL_DEFAULT fields and ACL_GROUP_OBJ. */
    public static final long UNSET = -1L;
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 060000, S_IFDIR = 040000, S_IFCHR = 020000, S_IFIFO = 010000;

    private CatarFormat() {}

    static String typeName(long type) {
        if (type == ENTRY) return "ENTRY";
        if (type == USER) return "USER";
        if (type == GROUP) return "GROUP";
        if (type == XATTR) return "XATTR";
        if (type == ACL_USER) return "ACL_USER";
        if (type == ACL_GROUP) return "ACL_GROUP";
        if (type == ACL_GROUP_OBJ) return "ACL_GROUP_OBJ";
        if (type == ACL_DEFAULT) return "ACL_DEFAULT";
        if (type == ACL_DEFAULT_USER) return "ACL_DEFAULT_USER";
        if (type == ACL_DEFAULT_GROUP) return "ACL_DEFAULT_GROUP";
        if (type == FCAPS) return "FCAPS";
        if (type == QUOTA_PROJID) return "QUOTA_PROJID";
        if (type == SELINUX) return "SELINUX";
        if (type == SYMLINK) return "SYMLINK";
        if (type == DEVICE) return "DEVICE";
        if (type == PAYLOAD) return "PAYLOAD";
        if (type == FILENAME) return "FILENAME";
        if (type == GOODBYE) return "GOODBYE";
        return String.format("unknown type 0x%016x", type);
    }

    /** strcmp order: unsigned bytes, shorter prefix first. */
    public static int compareNames(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
