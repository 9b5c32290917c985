package dev.paddock.core.image.catar;

import java.util.List;

/**
 * Everything one ENTRY and the objects after it say about a node, in the archive's own terms: uid/gid are
 * 0 unless the archive has uid bits, mtime is already rounded, mode is already masked by the flags.
 *
 * @param flags          ENTRY.flags: casync chattr/FAT/subvolume feature bits of this node
 * @param aclGroupObj    ACL_GROUP_OBJ permissions, or -1
 * @param aclDefault     ACL_DEFAULT, or null
 * @param quotaProjid    QUOTA_PROJID, or 0 when absent
 * @param payloadSize    PAYLOAD data size for regular files, -1 otherwise
 * @param symlinkTarget  SYMLINK target for symlinks, else null
 * @param deviceMajor    DEVICE major for device nodes, -1 otherwise
 */
public record EntryMetadata(FeatureFlags features, long mode, long flags, long uid, long gid, long mtimeNanos,
                            byte[] user, byte[] group, List<Xattr> xattrs, List<AclEntry> aclUser,
                            List<AclEntry> aclGroup, long aclGroupObj, AclDefault aclDefault,
                            List<AclEntry> aclDefaultUser, List<AclEntry> aclDefaultGroup, byte[] selinux,
                            byte[] fcaps, long quotaProjid, long payloadSize, byte[] symlinkTarget,
                            long deviceMajor, long deviceMinor) {

    public int type() {
        return (int) (mode & CatarFormat.S_IFMT);
    }

    public boolean isDirectory() {
        return type() == CatarFormat.S_IFDIR;
    }

    public boolean isRegular() {
        return type() == CatarFormat.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == CatarFormat.S_IFLNK;
    }

    public boolean isDevice() {
        return type() == CatarFormat.S_IFCHR || type() == CatarFormat.S_IFBLK;
    }

    public int permissions() {
        return (int) (mode & 07777);
    }

    /** A bare node of the given mode with no optional objects, for builders and tests. */
    public static EntryMetadata simple(FeatureFlags features, long mode, long mtimeNanos) {
        int type = (int) (mode & CatarFormat.S_IFMT);
        return new EntryMetadata(features, mode, 0, 0, 0, mtimeNanos, null, null, List.of(), List.of(), List.of(),
                CatarFormat.UNSET, null, List.of(), List.of(), null, null, 0,
                type == CatarFormat.S_IFREG ? 0 : -1, null, -1, -1);
    }

    public EntryMetadata withPayloadSize(long size) {
        return new EntryMetadata(features, mode, flags, uid, gid, mtimeNanos, user, group, xattrs, aclUser, aclGroup,
                aclGroupObj, aclDefault, aclDefaultUser, aclDefaultGroup, selinux, fcaps, quotaProjid, size,
                symlinkTarget, deviceMajor, deviceMinor);
    }

    public EntryMetadata withSymlink(byte[] target) {
        return new EntryMetadata(features, mode, flags, uid, gid, mtimeNanos, user, group, xattrs, aclUser, aclGroup,
                aclGroupObj, aclDefault, aclDefaultUser, aclDefaultGroup, selinux, fcaps, quotaProjid, payloadSize,
                target, deviceMajor, deviceMinor);
    }

    public EntryMetadata withOwner(long uid, long gid, byte[] user, byte[] group) {
        return new EntryMetadata(features, mode, flags, uid, gid, mtimeNanos, user, group, xattrs, aclUser, aclGroup,
                aclGroupObj, aclDefault, aclDefaultUser, aclDefaultGroup, selinux, fcaps, quotaProjid, payloadSize,
                symlinkTarget, deviceMajor, deviceMinor);
    }

    public EntryMetadata withDevice(long major, long minor) {
        return new EntryMetadata(features, mode, flags, uid, gid, mtimeNanos, user, group, xattrs, aclUser, aclGroup,
                aclGroupObj, aclDefault, aclDefaultUser, aclDefaultGroup, selinux, fcaps, quotaProjid, payloadSize,
                symlinkTarget, major, minor);
    }
}
