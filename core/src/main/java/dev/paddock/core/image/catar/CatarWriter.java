package dev.paddock.core.image.catar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import dev.paddock.sys.Fd;
import dev.paddock.sys.StatX;

/**
 * Writes catar objects sequentially to a channel through one large direct buffer, keeping the archive
 * offsets needed for the GOODBYE tables. It does not judge names or metadata (the tree encoder and the
 * decoder do), which also lets tests craft hostile archives with it.
 *
 * <p>Use: {@link #entry} for the root; inside a directory, {@link #child} then {@link #entry} per child;
 * {@link #payload} after a regular file's entry; {@link #endDirectory} closes the innermost directory.
 */
public final class CatarWriter implements AutoCloseable {
    private static final int BUFFER = 1 << 20;

    private final WritableByteChannel out;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final Deque<Frame> frames = new ArrayDeque<>();
    private long offset;
    private long pendingPayload;

    /** One open directory: where its ENTRY began and its children's (hash, start, end). */
    private static final class Frame {
        final long entryStart;
        long[] items = new long[24];
        int n;

        Frame(long entryStart) {
            this.entryStart = entryStart;
        }
    }

    public CatarWriter(WritableByteChannel out) {
        this.out = out;
    }

    /** Bytes written so far (the archive offset of the next object). */
    public long offset() {
        return offset;
    }

    public int depth() {
        return frames.size();
    }

    private void need(int n) throws IOException {
        if (buf.remaining() < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
    }

    private void header(long size, long type) throws IOException {
        need(16);
        buf.putLong(size).putLong(type);
        offset += 16;
    }

    private void putLong(long v) throws IOException {
        need(8);
        buf.putLong(v);
        offset += 8;
    }

    private void putBytes(byte[] b) throws IOException {
        putBytes(b, 0, b.length);
    }

    private void putBytes(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining()) {
                drain();
            }
            int k = Math.min(len, buf.remaining());
            buf.put(b, off, k);
            off += k;
            len -= k;
            offset += k;
        }
    }

    private void putCString(byte[] b) throws IOException {
        putBytes(b);
        need(1);
        buf.put((byte) 0);
        offset++;
    }

    private void checkNoPayload() {
        if (pendingPayload != 0) {
            throw new IllegalStateException(pendingPayload + " payload bytes still expected");
        }
    }

    /** FILENAME for the next child of the innermost directory. */
    public void child(byte[] name) throws IOException {
        checkNoPayload();
        Frame f = frames.peek();
        if (f == null) {
            throw new IllegalStateException("child outside a directory");
        }
        closeLastItem(f);
        if (f.n * 3 + 3 > f.items.length) {
            f.items = Arrays.copyOf(f.items, f.items.length * 2);
        }
        f.items[f.n * 3] = SipHash24.goodbyeHash(name, 0, name.length);
        f.items[f.n * 3 + 1] = offset;
        f.items[f.n * 3 + 2] = -1;
        f.n++;
        header(16 + name.length + 1, CatarFormat.FILENAME);
        putCString(name);
    }

    private void closeLastItem(Frame f) {
        if (f.n > 0 && f.items[f.n * 3 - 1] == -1) {
            f.items[f.n * 3 - 1] = offset;
        }
    }

    /**
     * ENTRY and its trailing objects in casync's order, ending with the PAYLOAD header, SYMLINK or DEVICE.
     * For a regular file exactly {@code meta.payloadSize()} bytes must follow through {@link #payload}.
     */
    public void entry(EntryMetadata m) throws IOException {
        checkNoPayload();
        long start = offset;
        header(CatarFormat.ENTRY_SIZE, CatarFormat.ENTRY);
        putLong(m.features().bits());
        putLong(m.mode());
        putLong(m.flags());
        putLong(m.uid());
        putLong(m.gid());
        putLong(m.mtimeNanos());
        if (m.user() != null) {
            header(16 + m.user().length + 1, CatarFormat.USER);
            putCString(m.user());
        }
        if (m.group() != null) {
            header(16 + m.group().length + 1, CatarFormat.GROUP);
            putCString(m.group());
        }
        for (Xattr x : m.xattrs()) {
            header(16 + x.name().length + 1 + x.value().length, CatarFormat.XATTR);
            putCString(x.name());
            putBytes(x.value());
        }
        acl(CatarFormat.ACL_USER, m.aclUser());
        acl(CatarFormat.ACL_GROUP, m.aclGroup());
        if (m.aclGroupObj() != CatarFormat.UNSET) {
            header(24, CatarFormat.ACL_GROUP_OBJ);
            putLong(m.aclGroupObj());
        }
        if (m.aclDefault() != null) {
            header(48, CatarFormat.ACL_DEFAULT);
            putLong(m.aclDefault().userObj());
            putLong(m.aclDefault().groupObj());
            putLong(m.aclDefault().other());
            putLong(m.aclDefault().mask());
        }
        acl(CatarFormat.ACL_DEFAULT_USER, m.aclDefaultUser());
        acl(CatarFormat.ACL_DEFAULT_GROUP, m.aclDefaultGroup());
        if (m.selinux() != null) {
            header(16 + m.selinux().length + 1, CatarFormat.SELINUX);
            putCString(m.selinux());
        }
        if (m.fcaps() != null) {
            header(16 + m.fcaps().length, CatarFormat.FCAPS);
            putBytes(m.fcaps());
        }
        if (m.quotaProjid() != 0) {
            header(24, CatarFormat.QUOTA_PROJID);
            putLong(m.quotaProjid());
        }
        switch (m.type()) {
            case CatarFormat.S_IFREG -> {
                header(16 + m.payloadSize(), CatarFormat.PAYLOAD);
                pendingPayload = m.payloadSize();
            }
            case CatarFormat.S_IFLNK -> {
                header(16 + m.symlinkTarget().length + 1, CatarFormat.SYMLINK);
                putCString(m.symlinkTarget());
            }
            case CatarFormat.S_IFBLK, CatarFormat.S_IFCHR -> {
                header(32, CatarFormat.DEVICE);
                putLong(m.deviceMajor());
                putLong(m.deviceMinor());
            }
            case CatarFormat.S_IFDIR -> frames.push(new Frame(start));
            default -> { }
        }
    }

    private void acl(long type, List<AclEntry> entries) throws IOException {
        for (AclEntry a : entries) {
            header(32 + (a.name() == null ? 0 : a.name().length + 1), type);
            putLong(a.id());
            putLong(a.permissions());
            if (a.name() != null) {
                putCString(a.name());
            }
        }
    }

    /** Payload bytes from a heap array. */
    public void payload(byte[] b, int off, int len) throws IOException {
        if (len > pendingPayload) {
            throw new IllegalStateException("payload longer than announced");
        }
        putBytes(b, off, len);
        pendingPayload -= len;
    }

    /**
     * Copies exactly the announced payload from {@code in} straight into the output buffer (no extra copy).
     * Fails if the source ends early, e.g. a file that shrank while it was being archived.
     */
    public void payloadFrom(ReadableByteChannel in) throws IOException {
        while (pendingPayload > 0) {
            if (!buf.hasRemaining()) {
                drain();
            }
            int lim = buf.limit();
            if (buf.remaining() > pendingPayload) {
                buf.limit(buf.position() + (int) pendingPayload);
            }
            int n;
            try {
                n = in.read(buf);
            } finally {
                buf.limit(lim);
            }
            if (n < 0) {
                throw new IOException("file ended " + pendingPayload + " bytes before its size; it changed while being archived");
            }
            offset += n;
            pendingPayload -= n;
        }
    }

    /**
     * How the output channel wants this file's payload passed: {@link PayloadReferences.Handling#BYTES}
     * unless it is a {@link PayloadReferences}.
     */
    public PayloadReferences.Handling payloadHandling(StatX st, long fsMagic) {
        return out instanceof PayloadReferences r ? r.handling(st, fsMagic) : PayloadReferences.Handling.BYTES;
    }

    /** Tells the channel that the announced payload's bytes follow (after everything buffered before them). */
    public void announcePayload(StatX st, String path) throws IOException {
        requireWholePayload(st);
        drain();
        ((PayloadReferences) out).announce(st, path);
    }

    /**
     * Passes the whole announced payload as the open file instead of its bytes; the channel takes
     * ownership of {@code fd}.
     */
    public void referencePayload(Fd fd, StatX st, String path) throws IOException {
        try {
            requireWholePayload(st);
            drain();
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
        ((PayloadReferences) out).reference(fd, st, path);
        offset += st.size();
        pendingPayload = 0;
    }

    private void requireWholePayload(StatX st) {
        if (pendingPayload != st.size() || !(out instanceof PayloadReferences)) {
            throw new IllegalStateException("a payload of " + st.size() + " bytes cannot be passed on here");
        }
    }

    /** GOODBYE for the innermost directory, its items laid out as casync's binary search tree. */
    public void endDirectory() throws IOException {
        checkNoPayload();
        Frame f = frames.pop();
        closeLastItem(f);
        int n = f.n;
        long start = offset;
        long[][] sorted = new long[n][];
        for (int i = 0; i < n; i++) {
            sorted[i] = new long[] {f.items[i * 3], f.items[i * 3 + 1], f.items[i * 3 + 2]};
        }
        Arrays.sort(sorted, (a, b) -> a[0] != b[0] ? Long.compareUnsigned(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[][] bst = new long[n][];
        if (n > 0) {
            makeBst(sorted, 0, n, 64 - Long.numberOfLeadingZeros(n), bst, 0);
        }
        long size = 16L + 24L * (n + 1);
        header(size, CatarFormat.GOODBYE);
        for (long[] it : bst) {
            putLong(start - it[1]);
            putLong(it[2] - it[1]);
            putLong(it[0]);
        }
        putLong(start - f.entryStart);
        putLong(size);
        putLong(CatarFormat.GOODBYE_TAIL_MARKER);
    }

    /** camakebst.c: permute a sorted array into an implicit BST (children of i at 2i+1, 2i+2). */
    private static void makeBst(long[][] in, int from, int n, int e, long[][] out, int i) {
        if (n == 0) {
            return;
        }
        long p = 1L << (e - 1), q = 1L << e;
        long k;
        if (n >= p - 1 + p / 2) {
            k = (q - 2) / 2;
        } else {
            k = (q - 2) / 2 - (p - 1 + p / 2 - n);
        }
        out[i] = in[from + (int) k];
        makeBst(in, from, (int) k, e - 1, out, 2 * i + 1);
        makeBst(in, from + (int) k + 1, n - (int) k - 1, e - 1, out, 2 * i + 2);
    }

    /** Writes out buffered bytes. */
    public void flush() throws IOException {
        drain();
    }

    /** Flushes; does not close the channel, which belongs to the caller. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
