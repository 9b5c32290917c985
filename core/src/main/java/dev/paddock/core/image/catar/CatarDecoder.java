package dev.paddock.core.image.catar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * catar bytes → {@link CatarEvent}s, streaming and strictly validated. Anything that casync would not
 * have written — bad sizes, unknown or misplaced objects, unsorted or duplicate names, bad GOODBYE tables,
 * truncation, trailing bytes — ends in a {@link CatarFormatException} naming the byte offset.
 * Memory is bounded by the nesting depth and the per-directory GOODBYE bookkeeping.
 */
public final class CatarDecoder implements AutoCloseable {
    private static final int MAX_DEPTH = 1024;

    private final ReadableByteChannel in;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 18).order(ByteOrder.LITTLE_ENDIAN);
    /** Archive offset of buf's position. */
    private long offset;
    private boolean eof;

    private FeatureFlags features;
    private final List<Dir> stack = new ArrayList<>();
    private long payloadLeft;
    private boolean finished;
    private boolean started;

    /** An open directory: where its ENTRY started, its path, and its children so far (hash, start, end). */
    private static final class Dir {
        final long entryStart;
        final byte[] path;
        long[] items = new long[24];
        int n;
        byte[] lastName;

        Dir(long entryStart, byte[] path) {
            this.entryStart = entryStart;
            this.path = path;
        }
    }

    public CatarDecoder(ReadableByteChannel in) {
        this.in = in;
        buf.flip();
    }

    public CatarDecoder(InputStream in) {
        this(Channels.newChannel(in));
    }

    /** Byte offset of the next unread archive byte. */
    public long offset() {
        return offset;
    }

    /** The archive's feature flags, known after the first entry. */
    public FeatureFlags features() {
        return features;
    }

    // ---- buffered reading -------------------------------------------------------------------------

    private boolean fill(int need) throws IOException {
        if (buf.remaining() >= need) {
            return true;
        }
        buf.compact();
        while (buf.position() < need && !eof) {
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
            }
        }
        buf.flip();
        return buf.remaining() >= need;
    }

    private void require(int n, String what) throws IOException {
        if (!fill(n)) {
            throw new CatarFormatException(offset + buf.remaining(), "archive truncated inside " + what);
        }
    }

    private long getLong() {
        offset += 8;
        return buf.getLong();
    }

    private byte[] getBytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (!buf.hasRemaining() && !fill(1)) {
                throw new CatarFormatException(offset, "archive truncated");
            }
            int k = Math.min(n - done, buf.remaining());
            buf.get(out, done, k);
            done += k;
            offset += k;
        }
        return out;
    }

    private CatarFormatException bad(long at, String reason) {
        return new CatarFormatException(at, reason);
    }

    /** Reads a header; returns false at a clean end of input. */
    private boolean header(long[] h) throws IOException {
        if (!fill(16)) {
            if (buf.remaining() == 0) {
                return false;
            }
            throw bad(offset, "archive truncated inside an object header");
        }
        h[0] = getLong();
        h[1] = getLong();
        if (Long.compareUnsigned(h[0], 16) < 0) {
            throw bad(offset - 16, "object size " + Long.toUnsignedString(h[0]) + " is smaller than its header");
        }
        return true;
    }

    // ---- events -----------------------------------------------------------------------------------

    private final long[] hdr = new long[2];
    private boolean havePending;

    /** The next event, or {@code null} after the root's end. Unread payload is skipped. */
    public CatarEvent next() throws IOException {
        if (finished) {
            return null;
        }
        skipPayload();
        if (!started) {
            started = true;
            if (!header(hdr)) {
                throw bad(0, "empty archive");
            }
            if (hdr[1] != CatarFormat.ENTRY) {
                throw bad(0, "archive does not start with an ENTRY (wrong magic " + String.format("0x%016x", hdr[1]) + ")");
            }
            return entry(new byte[0], null);
        }
        if (stack.isEmpty()) {
            return finish();
        }
        if (!havePending && !header(hdr)) {
            throw bad(offset, "archive truncated: directory " + show(top().path) + " has no GOODBYE");
        }
        havePending = false;
        Dir dir = top();
        long at = offset - 16;
        if (hdr[1] == CatarFormat.FILENAME) {
            closeItem(dir, at);
            if (hdr[0] > 16 + 256 || hdr[0] < 16 + 2) {
                throw bad(at, "FILENAME size " + hdr[0] + " out of range");
            }
            byte[] raw = getBytes((int) hdr[0] - 16);
            byte[] name = Arrays.copyOf(raw, raw.length - 1);
            if (raw[raw.length - 1] != 0) {
                throw bad(at, "FILENAME is not NUL-terminated");
            }
            validName(name, at);
            if (dir.lastName != null && Arrays.compareUnsigned(dir.lastName, name) >= 0) {
                throw bad(at, "FILENAME '" + show(name) + "' is not sorted after '" + show(dir.lastName) + "' (duplicate or out of order)");
            }
            dir.lastName = name;
            if (dir.n * 3 + 3 > dir.items.length) {
                dir.items = Arrays.copyOf(dir.items, dir.items.length * 2);
            }
            dir.items[dir.n * 3] = SipHash24.goodbyeHash(name, 0, name.length);
            dir.items[dir.n * 3 + 1] = at;
            dir.items[dir.n * 3 + 2] = -1;
            dir.n++;
            if (!header(hdr)) {
                throw bad(offset, "archive truncated after FILENAME '" + show(name) + "'");
            }
            if (hdr[1] != CatarFormat.ENTRY) {
                throw bad(offset - 16, "FILENAME '" + show(name) + "' is followed by " + CatarFormat.typeName(hdr[1]) + ", not ENTRY");
            }
            if (stack.size() >= MAX_DEPTH) {
                throw bad(offset - 16, "directories nested deeper than " + MAX_DEPTH);
            }
            byte[] path = dir.path.length == 0 ? name : concat(dir.path, name);
            return entry(path, name);
        }
        if (hdr[1] == CatarFormat.GOODBYE) {
            closeItem(dir, at);
            goodbye(dir, at);
            stack.remove(stack.size() - 1);
            if (!stack.isEmpty()) {
                closeItem(top(), offset);
            }
            return new CatarEvent.DirectoryEnd(dir.path, stack.size());
        }
        throw bad(at, CatarFormat.typeName(hdr[1]) + " where a FILENAME or GOODBYE belongs");
    }

    private CatarEvent finish() throws IOException {
        if (fill(1)) {
            throw bad(offset, "trailing bytes after the archive's end");
        }
        finished = true;
        return null;
    }

    private Dir top() {
        return stack.get(stack.size() - 1);
    }

    private static void closeItem(Dir d, long end) {
        if (d.n > 0 && d.items[d.n * 3 - 1] == -1) {
            d.items[d.n * 3 - 1] = end;
        }
    }

    private static byte[] concat(byte[] dir, byte[] name) {
        byte[] p = Arrays.copyOf(dir, dir.length + 1 + name.length);
        p[dir.length] = '/';
        System.arraycopy(name, 0, p, dir.length + 1, name.length);
        return p;
    }

    static String show(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c < 32 || c >= 127 || c == '\\' || c == '\'') {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private void validName(byte[] name, long at) throws CatarFormatException {
        if (name.length == 0 || (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.')) {
            throw bad(at, "FILENAME '" + show(name) + "' is not allowed");
        }
        for (byte b : name) {
            if (b == 0 || b == '/') {
                throw bad(at, "FILENAME '" + show(name) + "' contains " + (b == 0 ? "NUL" : "'/'"));
            }
        }
    }

    private void goodbye(Dir d, long at) throws IOException {
        long expected = 16L + 24L * (d.n + 1);
        if (hdr[0] != expected) {
            throw bad(at, "GOODBYE of " + show(d.path) + " has size " + Long.toUnsignedString(hdr[0]) + ", expected "
                    + expected + " for " + d.n + " entries");
        }
        // Recompute the table exactly as an encoder must lay it out and compare it item by item.
        ByteBuffer want = ByteBuffer.allocate((int) expected - 16).order(ByteOrder.LITTLE_ENDIAN);
        long[][] sorted = new long[d.n][];
        for (int i = 0; i < d.n; i++) {
            sorted[i] = new long[] {d.items[i * 3], d.items[i * 3 + 1], d.items[i * 3 + 2]};
        }
        Arrays.sort(sorted, (a, b) -> a[0] != b[0] ? Long.compareUnsigned(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[][] bst = new long[d.n][];
        if (d.n > 0) {
            makeBst(sorted, 0, d.n, 64 - Long.numberOfLeadingZeros(d.n), bst, 0);
        }
        for (long[] it : bst) {
            want.putLong(at - it[1]).putLong(it[2] - it[1]).putLong(it[0]);
        }
        want.putLong(at - d.entryStart).putLong(expected).putLong(CatarFormat.GOODBYE_TAIL_MARKER);
        byte[] got = getBytes((int) expected - 16);
        byte[] w = want.array();
        if (!Arrays.equals(got, w)) {
            int i = Arrays.mismatch(got, w);
            String what = i >= w.length - 24 ? (i >= w.length - 8 ? "tail marker" : "tail") : "item " + (i / 24);
            throw bad(at + 16 + i, "GOODBYE table of " + (d.path.length == 0 ? "." : show(d.path)) + " does not match its entries (" + what + ")");
        }
    }

    static void makeBst(long[][] in, int from, int n, int e, long[][] out, int i) {
        if (n == 0) {
            return;
        }
        long p = 1L << (e - 1), q = 1L << e;
        long k = n >= p - 1 + p / 2 ? (q - 2) / 2 : (q - 2) / 2 - (p - 1 + p / 2 - n);
        out[i] = in[from + (int) k];
        makeBst(in, from, (int) k, e - 1, out, 2 * i + 1);
        makeBst(in, from + (int) k + 1, n - (int) k - 1, e - 1, out, 2 * i + 2);
    }

    // ---- one entry --------------------------------------------------------------------------------

    private static final int R_USER = 1, R_GROUP = 2, R_XATTR = 3, R_ACL_USER = 4, R_ACL_GROUP = 5, R_GROUP_OBJ = 6,
            R_DEFAULT = 7, R_DEF_USER = 8, R_DEF_GROUP = 9, R_SELINUX = 10, R_FCAPS = 11, R_PROJID = 12;

    private static int rank(long type) {
        if (type == CatarFormat.USER) return R_USER;
        if (type == CatarFormat.GROUP) return R_GROUP;
        if (type == CatarFormat.XATTR) return R_XATTR;
        if (type == CatarFormat.ACL_USER) return R_ACL_USER;
        if (type == CatarFormat.ACL_GROUP) return R_ACL_GROUP;
        if (type == CatarFormat.ACL_GROUP_OBJ) return R_GROUP_OBJ;
        if (type == CatarFormat.ACL_DEFAULT) return R_DEFAULT;
        if (type == CatarFormat.ACL_DEFAULT_USER) return R_DEF_USER;
        if (type == CatarFormat.ACL_DEFAULT_GROUP) return R_DEF_GROUP;
        if (type == CatarFormat.SELINUX) return R_SELINUX;
        if (type == CatarFormat.FCAPS) return R_FCAPS;
        if (type == CatarFormat.QUOTA_PROJID) return R_PROJID;
        return 0;
    }

    private CatarEvent entry(byte[] path, byte[] name) throws IOException {
        long start = offset - 16;
        if (hdr[0] != CatarFormat.ENTRY_SIZE) {
            throw bad(start, "ENTRY size " + Long.toUnsignedString(hdr[0]) + ", expected 64");
        }
        require(48, "ENTRY");
        long fl = getLong(), mode = getLong(), flags = getLong(), uid = getLong(), gid = getLong(), mtime = getLong();
        if (features == null) {
            FeatureFlags ff = new FeatureFlags(fl);
            if (!ff.isNormalized()) {
                throw bad(start, "feature flags " + ff + " are unknown or not normalized");
            }
            features = ff;
        } else if (features.bits() != fl) {
            throw bad(start, "feature flags " + new FeatureFlags(fl) + " differ from the archive's " + features);
        }
        long f = fl;
        validateMode(mode, flags, f, start);
        if ((flags & ~(f & (FeatureFlags.WITH_FAT_ATTRS | FeatureFlags.WITH_CHATTR | FeatureFlags.WITH_SUBVOLUME
                | FeatureFlags.WITH_SUBVOLUME_RO))) != 0) {
            throw bad(start, String.format("entry flags 0x%x not allowed by the feature flags", flags));
        }
        validateId(uid, f, start, "uid");
        validateId(gid, f, start, "gid");
        long g = features.timeGranularityNanos();
        if (mtime == -1 || (g < 0 ? mtime != 0 : Long.remainderUnsigned(mtime, g) != 0)) {
            throw bad(start, "mtime " + Long.toUnsignedString(mtime) + " does not match the time granularity");
        }
        int type = (int) (mode & CatarFormat.S_IFMT);
        if (stack.isEmpty() && type != CatarFormat.S_IFDIR) {
            throw bad(start, "the archive's root is not a directory");
        }

        byte[] user = null, group = null, selinux = null, fcaps = null, target = null;
        List<Xattr> xattrs = new ArrayList<>(0);
        List<AclEntry> aclUser = new ArrayList<>(0), aclGroup = new ArrayList<>(0), defUser = new ArrayList<>(0),
                defGroup = new ArrayList<>(0);
        long groupObj = CatarFormat.UNSET, projid = 0, payload = -1, major = -1, minor = -1;
        AclDefault def = null;
        int last = 0;
        while (true) {
            if (!header(hdr)) {
                throw bad(offset, "archive truncated after the ENTRY of " + showPath(path));
            }
            long at = offset - 16;
            long size = hdr[0], t = hdr[1];
            int r = rank(t);
            if (r == 0) {
                break;
            }
            boolean repeatable = r == R_XATTR || r == R_ACL_USER || r == R_ACL_GROUP || r == R_DEF_USER || r == R_DEF_GROUP;
            if (r < last || (r == last && !repeatable)) {
                throw bad(at, CatarFormat.typeName(t) + " out of order");
            }
            last = r;
            switch (r) {
                case R_USER, R_GROUP -> {
                    if ((f & FeatureFlags.WITH_USER_NAMES) == 0) {
                        throw bad(at, CatarFormat.typeName(t) + " in an archive without user-names");
                    }
                    byte[] nm = cstring(size, 256, at, t);
                    validUserName(nm, at, t);
                    if (r == R_USER) user = nm; else group = nm;
                }
                case R_XATTR -> {
                    if ((f & FeatureFlags.WITH_XATTRS) == 0) {
                        throw bad(at, "XATTR in an archive without xattrs");
                    }
                    if (size < 16 + 4 || size > 16 + 256 + CatarFormat.XATTR_VALUE_MAX) {
                        throw bad(at, "XATTR size " + Long.toUnsignedString(size) + " out of range");
                    }
                    byte[] all = getBytes((int) size - 16);
                    int z = 0;
                    while (z < all.length && z < 256 && all[z] != 0) {
                        z++;
                    }
                    if (z >= all.length || all[z] != 0) {
                        throw bad(at, "XATTR name is not NUL-terminated within 255 bytes");
                    }
                    byte[] xn = Arrays.copyOf(all, z);
                    int dot = -1;
                    for (int i = 0; i < xn.length; i++) {
                        if (xn[i] == '.') {
                            dot = i;
                            break;
                        }
                    }
                    if (dot <= 0 || dot == xn.length - 1) {
                        throw bad(at, "XATTR name '" + show(xn) + "' is invalid");
                    }
                    if (!xattrs.isEmpty() && Arrays.compareUnsigned(xattrs.get(xattrs.size() - 1).name(), xn) >= 0) {
                        throw bad(at, "XATTR '" + show(xn) + "' is not sorted (duplicate or out of order)");
                    }
                    xattrs.add(new Xattr(xn, Arrays.copyOfRange(all, z + 1, all.length)));
                }
                case R_ACL_USER, R_ACL_GROUP, R_DEF_USER, R_DEF_GROUP -> {
                    if ((f & FeatureFlags.WITH_ACL) == 0) {
                        throw bad(at, CatarFormat.typeName(t) + " in an archive without acl");
                    }
                    if (size < 32 || size > 32 + 256) {
                        throw bad(at, CatarFormat.typeName(t) + " size " + Long.toUnsignedString(size) + " out of range");
                    }
                    require(16, CatarFormat.typeName(t));
                    long id = getLong(), perm = getLong();
                    byte[] nm = null;
                    if (size > 32) {
                        if ((f & FeatureFlags.WITH_USER_NAMES) == 0) {
                            throw bad(at, CatarFormat.typeName(t) + " carries a name without user-names");
                        }
                        nm = getBytes((int) size - 32);
                        if (nm[nm.length - 1] != 0) {
                            throw bad(at, CatarFormat.typeName(t) + " name is not NUL-terminated");
                        }
                        nm = Arrays.copyOf(nm, nm.length - 1);
                        validUserName(nm, at, t);
                    }
                    validateId(id, f, at, "ACL id");
                    if ((perm & ~7L) != 0) {
                        throw bad(at, CatarFormat.typeName(t) + " permissions " + Long.toUnsignedString(perm) + " invalid");
                    }
                    List<AclEntry> list = r == R_ACL_USER ? aclUser : r == R_ACL_GROUP ? aclGroup : r == R_DEF_USER ? defUser : defGroup;
                    list.add(new AclEntry(id, perm, nm));
                }
                case R_GROUP_OBJ -> {
                    if ((f & FeatureFlags.WITH_ACL) == 0 || size != 24) {
                        throw bad(at, "ACL_GROUP_OBJ invalid here (size " + Long.toUnsignedString(size) + ")");
                    }
                    require(8, "ACL_GROUP_OBJ");
                    groupObj = getLong();
                    if ((groupObj & ~7L) != 0) {
                        throw bad(at, "ACL_GROUP_OBJ permissions invalid");
                    }
                }
                case R_DEFAULT -> {
                    if ((f & FeatureFlags.WITH_ACL) == 0 || size != 48) {
                        throw bad(at, "ACL_DEFAULT invalid here (size " + Long.toUnsignedString(size) + ")");
                    }
                    if (type != CatarFormat.S_IFDIR) {
                        throw bad(at, "ACL_DEFAULT on something that is not a directory");
                    }
                    require(32, "ACL_DEFAULT");
                    def = new AclDefault(getLong(), getLong(), getLong(), getLong());
                    if ((def.userObj() & ~7L) != 0 || (def.groupObj() & ~7L) != 0 || (def.other() & ~7L) != 0
                            || (def.mask() != -1 && (def.mask() & ~7L) != 0)) {
                        throw bad(at, "ACL_DEFAULT permissions invalid");
                    }
                }
                case R_SELINUX -> {
                    if ((f & FeatureFlags.WITH_SELINUX) == 0) {
                        throw bad(at, "SELINUX in an archive without selinux");
                    }
                    selinux = cstring(size, 4096, at, t);
                    if (selinux.length == 0) {
                        throw bad(at, "SELINUX label is empty");
                    }
                }
                case R_FCAPS -> {
                    if ((f & FeatureFlags.WITH_FCAPS) == 0 || size > 16 + CatarFormat.FCAPS_MAX) {
                        throw bad(at, "FCAPS invalid here (size " + Long.toUnsignedString(size) + ")");
                    }
                    fcaps = getBytes((int) size - 16);
                }
                case R_PROJID -> {
                    if ((f & FeatureFlags.WITH_QUOTA_PROJID) == 0 || size != 24) {
                        throw bad(at, "QUOTA_PROJID invalid here");
                    }
                    require(8, "QUOTA_PROJID");
                    projid = getLong();
                    if (projid == 0 || Long.compareUnsigned(projid, 0xffffffffL) > 0) {
                        throw bad(at, "QUOTA_PROJID " + Long.toUnsignedString(projid) + " out of range");
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        // hdr now holds the first object after the metadata (or nothing at end of input)
        long at = offset - 16;
        boolean consumedNext = false;
        switch (type) {
            case CatarFormat.S_IFREG -> {
                if (hdr[1] != CatarFormat.PAYLOAD) {
                    throw bad(at, "regular file " + showPath(path) + " has " + CatarFormat.typeName(hdr[1]) + " instead of PAYLOAD");
                }
                payload = hdr[0] - 16;
                if (payload < 0) {
                    throw bad(at, "PAYLOAD size out of range");
                }
                consumedNext = true;
            }
            case CatarFormat.S_IFLNK -> {
                if (hdr[1] != CatarFormat.SYMLINK) {
                    throw bad(at, "symlink " + showPath(path) + " has " + CatarFormat.typeName(hdr[1]) + " instead of SYMLINK");
                }
                target = cstring(hdr[0], 4096, at, CatarFormat.SYMLINK);
                if (target.length == 0) {
                    throw bad(at, "SYMLINK target is empty");
                }
                consumedNext = true;
            }
            case CatarFormat.S_IFBLK, CatarFormat.S_IFCHR -> {
                if (hdr[1] != CatarFormat.DEVICE || hdr[0] != 32) {
                    throw bad(at, "device " + showPath(path) + " has " + CatarFormat.typeName(hdr[1]) + " instead of a DEVICE of 32 bytes");
                }
                require(16, "DEVICE");
                major = getLong();
                minor = getLong();
                if (Long.compareUnsigned(major, 1L << 12) >= 0 || Long.compareUnsigned(minor, 1L << 20) >= 0) {
                    throw bad(at, "DEVICE number " + Long.toUnsignedString(major) + ":" + Long.toUnsignedString(minor) + " out of range");
                }
                consumedNext = true;
            }
            default -> { }
        }
        if (!consumedNext) {
            if (hdr[1] == CatarFormat.PAYLOAD || hdr[1] == CatarFormat.SYMLINK || hdr[1] == CatarFormat.DEVICE
                    || hdr[1] == CatarFormat.ENTRY) {
                throw bad(at, CatarFormat.typeName(hdr[1]) + " does not belong to " + showPath(path));
            }
            havePending = true;
        }
        if (!aclUserSorted(aclUser) || !aclUserSorted(aclGroup) || !aclUserSorted(defUser) || !aclUserSorted(defGroup)) {
            throw bad(start, "ACL entries of " + showPath(path) + " are not sorted");
        }
        EntryMetadata meta = new EntryMetadata(features, mode, flags, uid, gid, mtime, user, group, xattrs, aclUser,
                aclGroup, groupObj, def, defUser, defGroup, selinux, fcaps, projid, payload, target, major, minor);
        if (type == CatarFormat.S_IFDIR) {
            stack.add(new Dir(start, path));
        }
        payloadLeft = payload > 0 ? payload : 0;
        return new CatarEvent.Entry(path, name, stack.size() - (type == CatarFormat.S_IFDIR ? 1 : 0), meta);
    }

    private static boolean aclUserSorted(List<AclEntry> l) {
        for (int i = 1; i < l.size(); i++) {
            if (Long.compareUnsigned(l.get(i - 1).id(), l.get(i).id()) > 0) {
                return false;
            }
        }
        return true;
    }

    private static String showPath(byte[] p) {
        return p.length == 0 ? "." : "'" + show(p) + "'";
    }

    private byte[] cstring(long size, int max, long at, long type) throws IOException {
        if (size < 16 + 1 || size > 16 + max) {
            throw bad(at, CatarFormat.typeName(type) + " size " + Long.toUnsignedString(size) + " out of range");
        }
        byte[] raw = getBytes((int) size - 16);
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i] == 0) {
                throw bad(at, CatarFormat.typeName(type) + " contains an embedded NUL");
            }
        }
        if (raw[raw.length - 1] != 0) {
            throw bad(at, CatarFormat.typeName(type) + " is not NUL-terminated");
        }
        return Arrays.copyOf(raw, raw.length - 1);
    }

    /**
     * casync accepts [A-Za-z_][A-Za-z0-9_-]*; paddock also accepts '.', '@' and '$' after the first byte (real
     * directories have "john.doe" and "host$"), and the decimal names casync writes for unknown ids without
     * numeric ids. "root" and "0" are refused as casync does: uid 0 is never named.
     */
    private void validUserName(byte[] n, long at, long type) throws CatarFormatException {
        boolean ok = n.length > 0 && n.length < 256;
        for (int i = 0; ok && i < n.length; i++) {
            int c = n[i];
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            ok = alpha || digit || (i > 0 && (c == '-' || c == '.' || c == '@' || c == '$'));
        }
        if (!ok || Arrays.equals(n, new byte[] {'r', 'o', 'o', 't'}) || Arrays.equals(n, new byte[] {'0'})) {
            throw bad(at, CatarFormat.typeName(type) + " name '" + show(n) + "' is invalid");
        }
    }

    private void validateId(long id, long f, long at, String what) throws CatarFormatException {
        boolean ok;
        if ((f & FeatureFlags.WITH_16BIT_UIDS) != 0) {
            ok = Long.compareUnsigned(id, 0xffff) < 0;
        } else if ((f & FeatureFlags.WITH_32BIT_UIDS) != 0) {
            ok = Long.compareUnsigned(id, 0xffffffffL) < 0 && id != 0xffff;
        } else {
            ok = id == 0;
        }
        if (!ok) {
            throw bad(at, what + " " + Long.toUnsignedString(id) + " is out of range for the feature flags");
        }
    }

    private void validateMode(long m, long flags, long f, long at) throws CatarFormatException {
        if ((m & ~(CatarFormat.S_IFMT | 07777L)) != 0) {
            throw bad(at, "mode " + Long.toOctalString(m) + " has unknown bits");
        }
        int type = (int) (m & CatarFormat.S_IFMT);
        boolean ok = switch (type) {
            case CatarFormat.S_IFREG, CatarFormat.S_IFDIR -> true;
            case CatarFormat.S_IFSOCK -> (f & FeatureFlags.WITH_SOCKETS) != 0;
            case CatarFormat.S_IFIFO -> (f & FeatureFlags.WITH_FIFOS) != 0;
            case CatarFormat.S_IFBLK, CatarFormat.S_IFCHR -> (f & FeatureFlags.WITH_DEVICE_NODES) != 0;
            case CatarFormat.S_IFLNK -> (f & FeatureFlags.WITH_SYMLINKS) != 0;
            default -> false;
        };
        if (!ok) {
            throw bad(at, "file type " + Long.toOctalString(type) + " is not allowed by the feature flags");
        }
        if (type != CatarFormat.S_IFDIR && (flags & FeatureFlags.WITH_SUBVOLUME) != 0) {
            throw bad(at, "subvolume flag on something that is not a directory");
        }
        long perm = m & 07777;
        boolean dir = type == CatarFormat.S_IFDIR;
        if (type == CatarFormat.S_IFLNK) {
            ok = perm == 0777;
        } else if ((f & (FeatureFlags.WITH_PERMISSIONS | FeatureFlags.WITH_ACL)) != 0) {
            ok = true;
        } else {
            ok = perm == (dir ? 0777 : 0666) || ((f & FeatureFlags.WITH_READ_ONLY) != 0 && perm == (dir ? 0555 : 0444));
        }
        if (!ok) {
            throw bad(at, "mode " + Long.toOctalString(m) + " does not match the feature flags");
        }
    }

    // ---- payload ----------------------------------------------------------------------------------

    /** Bytes of the current regular file's payload not yet read. */
    public long payloadRemaining() {
        return payloadLeft;
    }

    /** Reads up to {@code len} payload bytes; -1 at the payload's end. */
    public int readPayload(byte[] b, int off, int len) throws IOException {
        if (payloadLeft == 0) {
            return -1;
        }
        if (!buf.hasRemaining() && !fill(1)) {
            throw bad(offset, "archive truncated inside a PAYLOAD (" + payloadLeft + " bytes missing)");
        }
        int k = (int) Math.min(Math.min(len, buf.remaining()), payloadLeft);
        buf.get(b, off, k);
        offset += k;
        payloadLeft -= k;
        return k;
    }

    /** Copies the rest of the payload to {@code out}, straight from the read buffer. */
    public long transferPayload(WritableByteChannel out) throws IOException {
        long total = 0;
        while (payloadLeft > 0) {
            if (!buf.hasRemaining() && !fill(1)) {
                throw bad(offset, "archive truncated inside a PAYLOAD (" + payloadLeft + " bytes missing)");
            }
            int k = (int) Math.min(buf.remaining(), payloadLeft);
            ByteBuffer slice = buf.slice();
            slice.limit(k);
            while (slice.hasRemaining()) {
                out.write(slice);
            }
            buf.position(buf.position() + k);
            offset += k;
            payloadLeft -= k;
            total += k;
        }
        return total;
    }

    /** The current payload as a stream; it ends with the payload. */
    public InputStream payload() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = readPayload(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                return readPayload(b, off, len);
            }
        };
    }

    private void skipPayload() throws IOException {
        while (payloadLeft > 0) {
            if (!buf.hasRemaining() && !fill(1)) {
                throw bad(offset, "archive truncated inside a PAYLOAD (" + payloadLeft + " bytes missing)");
            }
            int k = (int) Math.min(buf.remaining(), payloadLeft);
            buf.position(buf.position() + k);
            offset += k;
            payloadLeft -= k;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
