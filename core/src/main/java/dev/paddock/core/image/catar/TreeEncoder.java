package dev.paddock.core.image.catar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.paddock.core.shift.PosixAcl;
import dev.paddock.sys.DirEntry;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import dev.paddock.sys.StatX;

/**
 * Filesystem tree → catar bytes, as {@code casync make} writes them (caencoder.c): children in strcmp
 * order, hardlinks stored in full, nodump/submount/type exclusions, metadata masked by the feature flags.
 * Streams: memory is bounded by one directory listing per level plus the writer's buffer.
 *
 * <p>Everything is read relative to directory descriptors; names are never resolved through symlinks.
 */
public final class TreeEncoder {
    private static final long EXT4_MAGIC = 0xEF53, XFS_MAGIC = 0x58465342, FUSE_MAGIC = 0x65735546;
    /** casync does not descend into virtual API filesystems (caencoder.c ca_encoder_node_shall_enumerate). */
    private static final long[] VIRTUAL_FS = {0x42494e4dL, 0x63677270L, 0x27e0ebL, 0x62656570L, 0x64626720L, 0x1cd1L,
        0xde5e81e4L, 0x65735543L, 0x958458f6L, 0x19800202L, 0x6e667364L, 0x9fa0L, 0x6165676cL, 0x67596969L,
        0x73636673L, 0xf97cff8cL, 0x43415d53L, 0x62656572L};
    private static final byte[] CAEXCLUDE = ".caexclude".getBytes(StandardCharsets.US_ASCII);

    /** casync's order, strcmp on the raw names. A class, not a lambda, whose first use costs a make ~5 ms of start. */
    private static final Comparator<DirEntry> BY_NAME = new Comparator<>() {
        @Override
        public int compare(DirEntry a, DirEntry b) {
            return Arrays.compareUnsigned(a.name(), b.name());
        }
    };

    private static final int SMALL_FILE = 64 * 1024;
    private static final long MAX_EXCLUDE_FILE = 1 << 20;

    private final Posix posix = Posix.get();
    private final SmallFileReader smallFile = new SmallFileReader();
    private final FeatureFlags flags;
    private final long f;
    private final long granularity;
    private final IdNames names;
    private final OwnerMapping owners;

    public TreeEncoder(FeatureFlags flags, IdNames names) {
        this(flags, names, OwnerMapping.IDENTITY);
    }

    /**
     * @param owners maps on-disk ids to archive ids (casync make's --uid-shift, e.g. the inverse of a container's
     *               shift); an id it rejects fails the encoding naming the file. Names are looked up for the
     *               on-disk ids, as casync does.
     */
    public TreeEncoder(FeatureFlags flags, IdNames names, OwnerMapping owners) {
        this.flags = flags.normalize();
        this.f = this.flags.bits();
        this.granularity = this.flags.timeGranularityNanos();
        this.names = names;
        this.owners = owners;
    }

    public FeatureFlags flags() {
        return flags;
    }

    /** Encodes the directory at {@code root} into {@code out}; returns the number of bytes written. */
    public long encode(java.nio.file.Path root, WritableByteChannel out) throws IOException {
        try (Fd dir = posix.openDirectory(null, root.toString().getBytes(StandardCharsets.UTF_8))) {
            return encode(dir, out, root.toString());
        } catch (PosixException e) {
            throw e.path() != null && e.path().startsWith("/") ? e : e.at(root.toString());
        }
    }

    /** Encodes the directory open at {@code dir}. {@code label} names it in error messages. */
    public long encode(Fd dir, WritableByteChannel out, String label) throws IOException {
        CatarWriter w = new CatarWriter(out);
        StatX st = posix.fstat(dir);
        if (!st.isDirectory()) {
            throw new IOException(label + ": not a directory");
        }
        Node root = new Node(null, null, dir, st, posix.fstatfsType(dir));
        encodeNode(w, root, label);
        w.flush();
        return w.offset();
    }

    /** One node being encoded: parent directory + name, plus its own fd for directories and regular files. */
    private static final class Node {
        final Fd parent;
        final byte[] name;
        final Fd fd;
        final StatX st;
        final long magic;
        int chattr = -1;
        /** The payload went to the output by reference, which now owns {@link #fd}. */
        boolean handedOver;
        /** .caexclude rules that apply to this directory's children, or null. */
        ExcludeRules rules;

        Node(Fd parent, byte[] name, Fd fd, StatX st, long magic) {
            this.parent = parent;
            this.name = name;
            this.fd = fd;
            this.st = st;
            this.magic = magic;
        }
    }

    private void encodeNode(CatarWriter w, Node n, String path) throws IOException {
        try {
            EntryMetadata meta = metadata(n, path);
            w.entry(meta);
            if (n.st.isRegular()) {
                long size = meta.payloadSize();
                PayloadReferences.Handling how = size > 0 && size == n.st.size()
                        ? w.payloadHandling(n.st, n.magic) : PayloadReferences.Handling.BYTES;
                if (how == PayloadReferences.Handling.REFERENCED) {
                    n.handedOver = true;
                    w.referencePayload(n.fd, n.st, path);
                    return;
                }
                if (how == PayloadReferences.Handling.ANNOUNCED) {
                    w.announcePayload(n.st, path);
                }
                if (size > 0 && size <= SMALL_FILE) {
                    // most files are small: one pread straight into the writer's buffer beats opening a FileChannel
                    w.payloadFrom(smallFile.of(n.fd, size, path));
                } else if (size > 0) {
                    try (FileChannel ch = FileChannel.open(n.fd.procPath(), StandardOpenOption.READ)) {
                        w.payloadFrom(ch);
                    }
                }
            } else if (n.st.isDirectory()) {
                if (enumerate(n)) {
                    children(w, n, path);
                }
                w.endDirectory();
            }
        } catch (PosixException e) {
            throw e.path() != null && e.path().startsWith(path) ? e : e.at(path);
        }
    }

    /**
     * A small regular file as the writer reads it: pread(2) into the writer's own buffer, no channel to
     * open and no copy in between. Ending early is an error naming the file.
     */
    private final class SmallFileReader implements ReadableByteChannel {
        private Fd fd;
        private long size;
        private long at;
        private String path;

        SmallFileReader of(Fd fd, long size, String path) {
            this.fd = fd;
            this.size = size;
            this.path = path;
            this.at = 0;
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = posix.pread(fd, dst, at);
            if (n == 0 && dst.hasRemaining()) {
                throw new IOException(path + ": file ended " + (size - at) + " bytes before its size; it changed while being archived");
            }
            at += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // the file belongs to the node being encoded
        }
    }

    private boolean enumerate(Node n) {
        for (long v : VIRTUAL_FS) {
            if (v == n.magic) {
                return false;
            }
        }
        return true;
    }

    private void children(CatarWriter w, Node dir, String path) throws IOException {
        List<DirEntry> entries = new ArrayList<>(posix.readdir(dir.fd));
        entries.sort(BY_NAME);
        ExcludeRules rules = dir.rules;
        if ((f & FeatureFlags.EXCLUDE_FILE) != 0) {
            for (DirEntry e : entries) {
                if (Arrays.equals(e.name(), CAEXCLUDE)) {
                    rules = ExcludeRules.merge(rules, readExcludeFile(dir, path + "/.caexclude"));
                    break;
                }
            }
        }
        for (DirEntry e : entries) {
            String childPath = path + "/" + e.displayName();
            Node child = open(dir, e, childPath);
            try {
                if (!shallStore(dir, child)) {
                    continue;
                }
                if (rules != null) {
                    ExcludeRules.Result r = rules.test(e.name(), child.st.isDirectory());
                    if (r.excluded()) {
                        continue;
                    }
                    child.rules = r.subtree();
                }
                w.child(e.name());
                encodeNode(w, child, childPath);
            } finally {
                if (child != null && child.fd != null && !child.handedOver) {
                    child.fd.close();
                }
            }
        }
    }

    /**
     * Reads a directory's .caexclude. Unlike casync it does not follow a symlink there: the walk never
     * leaves the tree, not even to read rules.
     */
    private ExcludeRules readExcludeFile(Node dir, String path) throws IOException {
        try (Fd fd = posix.openat(dir.fd, CAEXCLUDE, Posix.O_RDONLY | Posix.O_NOFOLLOW | Posix.O_NONBLOCK | Posix.O_NOCTTY, 0)) {
            StatX st = posix.fstat(fd);
            if (!st.isRegular() || st.size() > MAX_EXCLUDE_FILE) {
                throw new IOException(path + ": not a regular file of at most " + MAX_EXCLUDE_FILE + " bytes");
            }
            return ExcludeRules.parse(java.nio.file.Files.readAllBytes(fd.procPath()), path);
        } catch (PosixException e) {
            throw e.at(path);
        }
    }

    private Node open(Node dir, DirEntry e, String path) throws IOException {
        try {
            StatX st = null;
            boolean openIt;
            int oflags = Posix.O_RDONLY | Posix.O_NOFOLLOW | Posix.O_NOCTTY | Posix.O_NONBLOCK;
            if (e.type() == DirEntry.DT_DIR || e.type() == DirEntry.DT_REG) {
                openIt = true;
            } else {
                st = posix.lstatat(dir.fd, e.name());
                openIt = st.isRegular() || st.isDirectory();
            }
            Fd fd = null;
            if (openIt) {
                fd = posix.openat(dir.fd, e.name(), oflags, 0);
                try {
                    StatX fst = posix.fstat(fd);
                    if (st != null && (fst.type() != st.type())) {
                        throw new IOException(path + ": changed type while being archived");
                    }
                    st = fst;
                } catch (IOException ex) {
                    fd.close();
                    throw ex;
                }
            }
            long magic = dir.magic;
            if (fd != null && st.dev() != dir.st.dev()) {
                magic = posix.fstatfsType(fd);
            }
            return new Node(dir.fd, e.name(), fd, st, magic);
        } catch (PosixException ex) {
            throw ex.at(path);
        }
    }

    private boolean shallStore(Node dir, Node child) throws IOException {
        StatX st = child.st;
        if ((f & FeatureFlags.WITH_SYMLINKS) == 0 && st.isSymlink()) {
            return false;
        }
        if ((f & FeatureFlags.WITH_DEVICE_NODES) == 0 && st.isDevice()) {
            return false;
        }
        if ((f & FeatureFlags.WITH_FIFOS) == 0 && st.type() == StatX.S_IFIFO) {
            return false;
        }
        if ((f & FeatureFlags.WITH_SOCKETS) == 0 && st.type() == StatX.S_IFSOCK) {
            return false;
        }
        if ((f & FeatureFlags.EXCLUDE_NODUMP) != 0 && (chattr(child) & FeatureFlags.FS_NODUMP_FL) != 0) {
            return false;
        }
        if ((f & FeatureFlags.EXCLUDE_SUBMOUNTS) != 0 && child.fd != null && child.st.mountId() != dir.st.mountId()) {
            return false;
        }
        return true;
    }

    private int chattr(Node n) throws IOException {
        if (n.chattr < 0) {
            n.chattr = 0;
            if (n.fd != null && (n.st.isDirectory() || n.st.isRegular())
                    && (f & (FeatureFlags.WITH_CHATTR | FeatureFlags.EXCLUDE_NODUMP)) != 0) {
                n.chattr = posix.getInodeFlags(n.fd) & 0x7fffffff;
            }
        }
        return n.chattr;
    }

    private EntryMetadata metadata(Node n, String path) throws IOException {
        StatX st = n.st;
        long uid = 0, gid = 0;
        if ((f & FeatureFlags.UID_BITS) != 0) {
            uid = owners.uid(Integer.toUnsignedLong(st.uid()));
            gid = owners.gid(Integer.toUnsignedLong(st.gid()));
            if (uid < 0 || gid < 0) {
                throw new IOException(path + ": owner " + Integer.toUnsignedLong(st.uid()) + ":"
                        + Integer.toUnsignedLong(st.gid()) + " is outside the id mapping");
            }
            if ((f & FeatureFlags.WITH_16BIT_UIDS) != 0 && (uid > 0xffff || gid > 0xffff)) {
                throw new IOException(path + ": owner " + uid + ":" + gid + " does not fit the 16bit-uids feature");
            }
        }
        byte[] user = null, group = null;
        if ((f & FeatureFlags.WITH_USER_NAMES) != 0) {
            user = userName(Integer.toUnsignedLong(st.uid()));
            group = groupName(Integer.toUnsignedLong(st.gid()));
        }
        long mtime = 0;
        if (granularity > 0) {
            long t = st.mtimeSec() * 1_000_000_000L + st.mtimeNsec();
            mtime = Long.divideUnsigned(t, granularity) * granularity;
        }
        long mode = fixupMode(st.mode());
        long entryFlags = 0;
        if (st.isDirectory() || st.isRegular()) {
            if ((f & FeatureFlags.WITH_CHATTR) != 0) {
                entryFlags |= FeatureFlags.fromChattr(chattr(n)) & f;
            }
            // FAT attributes only exist on FAT/FUSE filesystems, where casync asks FAT_IOCTL_GET_ATTRIBUTES;
            // paddock encodes them as 0 (see the report), which is what casync writes everywhere else.
        }
        List<Xattr> xattrs = List.of();
        List<AclEntry> aclUser = List.of(), aclGroup = List.of(), defUser = List.of(), defGroup = List.of();
        long groupObj = CatarFormat.UNSET;
        AclDefault aclDefault = null;
        byte[] fcaps = null, selinux = null;
        boolean wantX = (f & (FeatureFlags.WITH_XATTRS | FeatureFlags.WITH_FCAPS | FeatureFlags.WITH_ACL
                | FeatureFlags.WITH_SELINUX)) != 0;
        if (wantX) {
            List<String> list = n.fd != null ? posix.flistxattr(n.fd) : posix.listxattr(n.parent, n.name);
            if (!list.isEmpty()) {
                List<Xattr> xs = new ArrayList<>();
                for (String a : list) {
                    boolean store = (a.startsWith("user.") || a.startsWith("trusted.")) && validXattrName(a);
                    if (store && !st.isSymlink() && (f & FeatureFlags.WITH_XATTRS) != 0) {
                        byte[] v = getx(n, a);
                        if (v != null) {
                            xs.add(new Xattr(a.getBytes(StandardCharsets.ISO_8859_1), v));
                        }
                    } else if (a.equals("security.capability") && st.isRegular() && (f & FeatureFlags.WITH_FCAPS) != 0) {
                        fcaps = getx(n, a);
                    } else if (a.equals("security.selinux") && (f & FeatureFlags.WITH_SELINUX) != 0) {
                        byte[] v = getx(n, a);
                        if (v != null) {
                            int end = 0;
                            while (end < v.length && v[end] != 0) {
                                end++;
                            }
                            selinux = Arrays.copyOf(v, end);
                        }
                    } else if (a.equals(PosixAcl.ACCESS) && !st.isSymlink() && (f & FeatureFlags.WITH_ACL) != 0) {
                        List<PosixAcl.Entry> acl = decodeAcl(getx(n, a));
                        if (acl != null) {
                            aclUser = aclEntries(acl, PosixAcl.USER, path);
                            aclGroup = aclEntries(acl, PosixAcl.GROUP, path);
                            long go = CatarFormat.UNSET, mask = CatarFormat.UNSET;
                            for (PosixAcl.Entry e : acl) {
                                if (e.tag() == PosixAcl.GROUP_OBJ) {
                                    go = e.perm();
                                } else if (e.tag() == PosixAcl.MASK) {
                                    mask = e.perm();
                                }
                            }
                            // casync keeps the group object only with a mask: otherwise the mode already says it
                            if (go != CatarFormat.UNSET && mask != CatarFormat.UNSET) {
                                groupObj = go;
                            }
                        }
                    } else if (a.equals(PosixAcl.DEFAULT) && st.isDirectory() && (f & FeatureFlags.WITH_ACL) != 0) {
                        List<PosixAcl.Entry> acl = decodeAcl(getx(n, a));
                        if (acl != null && !acl.isEmpty()) {
                            defUser = aclEntries(acl, PosixAcl.USER, path);
                            defGroup = aclEntries(acl, PosixAcl.GROUP, path);
                            long uo = CatarFormat.UNSET, go = CatarFormat.UNSET, ot = CatarFormat.UNSET, mk = CatarFormat.UNSET;
                            for (PosixAcl.Entry e : acl) {
                                switch (e.tag()) {
                                    case PosixAcl.USER_OBJ -> uo = e.perm();
                                    case PosixAcl.GROUP_OBJ -> go = e.perm();
                                    case PosixAcl.OTHER -> ot = e.perm();
                                    case PosixAcl.MASK -> mk = e.perm();
                                    default -> { }
                                }
                            }
                            if (uo != CatarFormat.UNSET || go != CatarFormat.UNSET || ot != CatarFormat.UNSET
                                    || mk != CatarFormat.UNSET) {
                                aclDefault = new AclDefault(uo, go, ot, mk);
                            }
                        }
                    }
                }
                if (xs.size() > 1) {
                    xs.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
                }
                xattrs = xs;
            }
        }
        long projid = 0;
        if ((f & FeatureFlags.WITH_QUOTA_PROJID) != 0 && n.fd != null && (st.isDirectory() || st.isRegular())
                && (n.magic == EXT4_MAGIC || n.magic == XFS_MAGIC || n.magic == FUSE_MAGIC)) {
            projid = Integer.toUnsignedLong(posix.getProjectId(n.fd));
        }
        long payload = -1;
        byte[] target = null;
        long major = -1, minor = -1;
        if (st.isRegular()) {
            payload = enumerate(n) ? st.size() : 0;
        } else if (st.isSymlink()) {
            target = posix.readlinkat(n.parent, n.name);
        } else if (st.isDevice()) {
            major = Integer.toUnsignedLong(st.rdevMajor());
            minor = Integer.toUnsignedLong(st.rdevMinor());
        }
        return new EntryMetadata(flags, mode, entryFlags, uid, gid, mtime, user, group, xattrs, aclUser, aclGroup,
                groupObj, aclDefault, defUser, defGroup, selinux, fcaps, projid, payload, target, major, minor);
    }

    private byte[] getx(Node n, String attr) throws IOException {
        return n.fd != null ? posix.fgetxattr(n.fd, attr) : posix.getxattr(n.parent, n.name, attr);
    }

    /** The ACL entries, or null for an absent or malformed value (libacl would not report one either). */
    private static List<PosixAcl.Entry> decodeAcl(byte[] raw) {
        if (raw == null) {
            return null;
        }
        try {
            return PosixAcl.decode(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean validXattrName(String s) {
        int dot = s.indexOf('.');
        return dot > 0 && dot < s.length() - 1 && s.length() <= 255;
    }

    private List<AclEntry> aclEntries(List<PosixAcl.Entry> acl, int tag, String path) throws IOException {
        List<AclEntry> out = new ArrayList<>();
        for (PosixAcl.Entry e : acl) {
            if (e.tag() != tag) {
                continue;
            }
            long mapped = tag == PosixAcl.USER ? owners.uid(e.id()) : owners.gid(e.id());
            if (mapped < 0) {
                throw new IOException(path + ": ACL id " + e.id() + " is outside the id mapping");
            }
            if ((f & FeatureFlags.WITH_16BIT_UIDS) != 0 && mapped > 0xffff) {
                throw new IOException(path + ": ACL id " + mapped + " does not fit the 16bit-uids feature");
            }
            byte[] name = null;
            if ((f & FeatureFlags.WITH_USER_NAMES) != 0) {
                name = tag == PosixAcl.USER ? userName(e.id()) : groupName(e.id());
            }
            long id = (f & FeatureFlags.UID_BITS) != 0 ? mapped : 0;
            out.add(new AclEntry(id, e.perm(), name));
        }
        out.sort((x, y) -> {
            if (x.id() != y.id()) {
                return Long.compare(x.id(), y.id());
            }
            if (x.name() == null || y.name() == null) {
                return x.name() == null ? (y.name() == null ? 0 : -1) : 1;
            }
            int c = Arrays.compareUnsigned(x.name(), y.name());
            return c != 0 ? c : Long.compare(x.permissions(), y.permissions());
        });
        return out;
    }

    /** casync's uid_to_name: none for root; for unknown ids none with numeric ids, else the number. */
    private byte[] userName(long uid) throws IOException {
        if (uid == 0) {
            return null;
        }
        byte[] n = names.user(uid);
        return n != null ? n : (f & FeatureFlags.UID_BITS) != 0 ? null : Long.toString(Math.max(owners.uid(uid), 0)).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] groupName(long gid) throws IOException {
        if (gid == 0) {
            return null;
        }
        byte[] n = names.group(gid);
        return n != null ? n : (f & FeatureFlags.UID_BITS) != 0 ? null : Long.toString(Math.max(owners.gid(gid), 0)).getBytes(StandardCharsets.US_ASCII);
    }

    private long fixupMode(int mode) {
        int type = mode & StatX.S_IFMT;
        boolean dir = type == StatX.S_IFDIR;
        if (type == StatX.S_IFLNK) {
            return StatX.S_IFLNK | 0777;
        }
        if ((f & (FeatureFlags.WITH_PERMISSIONS | FeatureFlags.WITH_ACL)) != 0) {
            return mode & (StatX.S_IFMT | 07777);
        }
        if ((f & FeatureFlags.WITH_READ_ONLY) != 0) {
            return type | ((mode & 0222) != 0 ? (dir ? 0777 : 0666) : (dir ? 0555 : 0444));
        }
        return type | (dir ? 0777 : 0666);
    }
}
