package dev.paddock.core.image.catar;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.paddock.core.concurrent.Pools;
import dev.paddock.core.concurrent.WorkerFailure;
import dev.paddock.core.shift.PosixAcl;
import dev.paddock.sys.Errnos;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import dev.paddock.sys.StatX;

/**
 * Decoder events → a directory tree, safe against hostile archives. Every node is created relative to
 * the descriptor of a directory this extractor made itself (mkdirat/openat O_CREAT|O_EXCL|O_NOFOLLOW/
 * mknodat/symlinkat), so no path is ever resolved through an archive-made symlink. The tree is built in
 * a hidden sibling of DEST and renamed into place only when the whole archive decoded cleanly; on any
 * failure the sibling is removed and DEST is left as it was.
 */
public final class TreeExtractor {
    /** @param ownership restore owners (requires root; otherwise a warning is reported and owners are skipped) */
    public record Options(OwnerMapping mapping, boolean ownership, IdNames names, ExtractListener listener) {
        public static Options defaults() {
            return new Options(OwnerMapping.IDENTITY, true, IdNames.system(), ExtractListener.IGNORE);
        }

        public Options withMapping(OwnerMapping m) {
            return new Options(m, ownership, names, listener);
        }

        public Options withListener(ExtractListener l) {
            return new Options(mapping, ownership, names, l);
        }
    }

    private final Posix posix = Posix.get();
    private final Options opts;
    /** The caller's listener, called by one thread at a time (workers warn too). */
    private final ExtractListener listener;
    private final boolean root;
    private final AtomicBoolean warnedOwner = new AtomicBoolean();
    private boolean warnedDevice;

    public TreeExtractor(Options opts) {
        this.opts = opts;
        this.listener = message -> {
            synchronized (this) {
                opts.listener().warning(message);
            }
        };
        this.root = posix.geteuid() == 0;
    }

    /** Extracts the whole archive from {@code d} into {@code dest}, which must not exist or be an empty directory. */
    public void extract(CatarDecoder d, Path dest) throws IOException {
        Path abs = dest.toAbsolutePath().normalize();
        Path parentPath = abs.getParent();
        if (parentPath == null || abs.getFileName() == null) {
            throw new IOException(dest + ": cannot extract onto the root directory");
        }
        byte[] name = abs.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        try (Fd parent = posix.openat(null, parentPath.toString().getBytes(StandardCharsets.UTF_8),
                Posix.O_RDONLY | Posix.O_DIRECTORY, 0)) {
            boolean destExists = checkDest(parent, name, dest);
            byte[] tmp = tempName(name);
            posix.mkdirat(parent, tmp, 0700);
            boolean done = false;
            try {
                try (Fd top = posix.openat(parent, tmp, Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW, 0)) {
                    run(d, top);
                }
                if (destExists) {
                    checkDest(parent, name, dest);
                    posix.renameat2(parent, tmp, parent, name, Posix.RENAME_EXCHANGE);
                    posix.unlinkat(parent, tmp, Posix.AT_REMOVEDIR);
                } else {
                    posix.renameat2(parent, tmp, parent, name, Posix.RENAME_NOREPLACE);
                }
                done = true;
            } finally {
                if (!done) {
                    try {
                        new TreeRemover().remove(parent, tmp);
                    } catch (IOException e) {
                        opts.listener().warning("could not remove the partial extraction "
                                + parentPath.resolve(new String(tmp, StandardCharsets.UTF_8)) + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    private boolean checkDest(Fd parent, byte[] name, Path dest) throws IOException {
        StatX st;
        try {
            st = posix.lstatat(parent, name);
        } catch (PosixException e) {
            if (e.is(Errnos.ENOENT)) {
                return false;
            }
            throw e.at(dest.toString());
        }
        if (!st.isDirectory()) {
            throw new IOException(dest + ": exists and is not a directory");
        }
        try (Fd fd = posix.openDirectory(parent, name)) {
            if (!posix.readdir(fd).isEmpty()) {
                throw new IOException(dest + ": exists and is not empty");
            }
        }
        return true;
    }

    /**
     * How the hidden sibling of a destination called {@code name} (short enough not to be cut) begins:
     * for removing what an extraction killed with SIGKILL left, by a caller that knows no other
     * extraction into that destination runs.
     */
    public static String temporaryPrefix(String name) {
        return "." + name + TEMP_MARK;
    }

    private static final String TEMP_MARK = ".paddock-tmp-";

    private static byte[] tempName(byte[] name) {
        byte[] rnd = new byte[6];
        new SecureRandom().nextBytes(rnd);
        String suffix = TEMP_MARK + HexFormat.of().formatHex(rnd);
        byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
        int keep = Math.min(name.length, 255 - 1 - s.length);
        byte[] out = new byte[1 + keep + s.length];
        out[0] = '.';
        System.arraycopy(name, 0, out, 1, keep);
        System.arraycopy(s, 0, out, 1 + keep, s.length);
        return out;
    }

    /**
     * Decodes and creates every node on this thread, in stream order, and leaves the rest of the
     * kernel's per-file work (write, chown, chmod, xattrs, utimens, close) to a small pool, so that it
     * runs on every core while the archive is decoded. Creating is kept to one thread because it holds
     * the parent directory's lock, which a second creator would spin on. A directory's own metadata is
     * applied once all of its descendants are done (so its mtime and a read-only mode stick). Small
     * files are read whole and written by a worker; larger ones stream from the decoder on this thread.
     * Bytes and tasks in flight are bounded.
     */
    private void run(CatarDecoder d, Fd top) throws IOException {
        Writer w = new Writer();
        boolean ok = false;
        try {
            List<Dir> stack = new ArrayList<>();
            for (CatarEvent e = d.next(); e != null; e = d.next()) {
                w.check();
                if (e instanceof CatarEvent.DirectoryEnd) {
                    stack.remove(stack.size() - 1).release();
                    continue;
                }
                CatarEvent.Entry en = (CatarEvent.Entry) e;
                if (en.name() == null) {
                    stack.add(w.open(null, posix.openat(top, new byte[] {'.'}, Posix.O_RDONLY | Posix.O_DIRECTORY, 0), en));
                    continue;
                }
                createChild(d, w, stack.get(stack.size() - 1), en, stack);
            }
            w.finish();
            ok = true;
        } finally {
            if (!ok) {
                w.abort();
            }
        }
    }

    /** Tasks in flight and the payload bytes they hold, at most. */
    private static final int MAX_TASKS = 256, MAX_BYTES = 32 << 20;
    /** Files up to this size are read whole and written by a worker; larger ones stream on the decoding thread. */
    private static final int ASYNC_FILE = 1 << 20;

    /** A directory being filled: its descriptor stays open until its last descendant is done. */
    private final class Dir {
        final Dir parent;
        final Fd fd;
        final CatarEvent.Entry entry;
        /** One for the directory's own end in the stream, plus one per unfinished child task or subdirectory. */
        final AtomicInteger pending = new AtomicInteger(1);
        final Writer writer;

        Dir(Writer writer, Dir parent, Fd fd, CatarEvent.Entry entry) {
            this.writer = writer;
            this.parent = parent;
            this.fd = fd;
            this.entry = entry;
        }

        void retain() {
            pending.incrementAndGet();
        }

        /** The last release applies the directory's metadata, closes it and releases its parent. */
        void release() {
            if (pending.decrementAndGet() != 0) {
                return;
            }
            try {
                if (!writer.failed()) {
                    apply(fd, null, null, entry.meta(), showPath(entry.path()));
                }
            } catch (IOException | RuntimeException e) {
                writer.fail(e);
            } finally {
                fd.close();
                writer.openDirs.remove(this);
                if (parent != null) {
                    parent.release();
                } else {
                    writer.rootDone.countDown();
                }
            }
        }
    }

    /** The pool that creates nodes, and what it has in flight. */
    private final class Writer {
        final ExecutorService pool;
        final Semaphore tasks = new Semaphore(MAX_TASKS);
        final Semaphore bytes = new Semaphore(MAX_BYTES);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Set<Dir> openDirs = ConcurrentHashMap.newKeySet();
        final CountDownLatch rootDone = new CountDownLatch(1);

        Writer() {
            pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "paddock-extract-writer");
                t.setDaemon(true);
                return t;
            });
        }

        Dir open(Dir parent, Fd fd, CatarEvent.Entry entry) {
            Dir dir = new Dir(this, parent, fd, entry);
            openDirs.add(dir);
            if (parent != null) {
                parent.retain();
            }
            return dir;
        }

        void fail(Throwable t) {
            failure.compareAndSet(null, t);
        }

        boolean failed() {
            return failure.get() != null;
        }

        /** Rethrows the first failure of a worker on the decoding thread. */
        void check() throws IOException {
            WorkerFailure.rethrow(failure.get());
        }

        /** Runs {@code work} on the pool as a child of {@code dir}, once {@code size} bytes may be held. */
        void submit(Dir dir, int size, NodeWork work) throws IOException {
            submit(dir, size, null, work);
        }

        /**
         * As {@link #submit(Dir, int, NodeWork)} for a node already created on the decoding thread:
         * {@code owned} is closed once the work is done, skipped or refused.
         */
        void submit(Dir dir, int size, Fd owned, NodeWork work) throws IOException {
            boolean queued = false;
            try {
                acquire(tasks, 1);
                try {
                    acquire(bytes, size);
                } catch (IOException | RuntimeException e) {
                    tasks.release();
                    throw e;
                }
                dir.retain();
                try {
                    pool.execute(() -> {
                        try {
                            if (!failed()) {
                                work.run();
                            }
                        } catch (IOException | RuntimeException | Error e) {
                            fail(e);
                        } finally {
                            if (owned != null) {
                                owned.close();
                            }
                            bytes.release(size);
                            tasks.release();
                            dir.release();
                        }
                    });
                    queued = true;
                } catch (RejectedExecutionException e) {
                    bytes.release(size);
                    tasks.release();
                    dir.release();
                    throw e;
                }
            } finally {
                // Once queued the task closes it; on every other way out it is closed here.
                if (!queued && owned != null) {
                    owned.close();
                }
            }
        }

        private void acquire(Semaphore s, int n) throws IOException {
            try {
                while (!s.tryAcquire(n, 50, TimeUnit.MILLISECONDS)) {
                    check();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while extracting");
            }
            check();
        }

        /** Waits until every node and directory is done; rethrows the first failure. */
        void finish() throws IOException {
            try {
                while (!rootDone.await(50, TimeUnit.MILLISECONDS)) {
                    check();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while extracting");
            }
            pool.shutdown();
            check();
        }

        /**
         * Stops the workers and waits for them, so the partial tree can be removed; closes every directory.
         * The wait does not end early when this thread is interrupted (the usual reason to abort): a
         * worker still creating files would race the removal.
         */
        void abort() {
            fail(new IOException("extraction aborted"));
            if (!Pools.stopAndWait(pool, Duration.ofMinutes(5))) {
                listener.warning("extract workers did not stop within 5 minutes");
            }
            for (Dir dir : openDirs) {
                dir.fd.close();
            }
        }
    }

    @FunctionalInterface
    private interface NodeWork {
        void run() throws IOException;
    }

    private void createChild(CatarDecoder d, Writer w, Dir parentDir, CatarEvent.Entry en, List<Dir> stack) throws IOException {
        EntryMetadata m = en.meta();
        byte[] name = en.name();
        String path = showPath(en.path());
        Fd parent = parentDir.fd;
        try {
            switch (m.type()) {
                case CatarFormat.S_IFDIR -> {
                    posix.mkdirat(parent, name, 0700);
                    stack.add(w.open(parentDir, posix.openat(parent, name, Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW, 0), en));
                }
                case CatarFormat.S_IFREG -> {
                    if (m.payloadSize() <= ASYNC_FILE) {
                        byte[] data = readWhole(d, (int) m.payloadSize());
                        // Created here, in stream order, and only written on the pool: an O_CREAT holds
                        // the directory's lock, and two workers creating in one directory made the
                        // second spin on it (measured: a sixth of an extract's CPU on 2 cores).
                        Fd fd = createFile(parent, name, path);
                        w.submit(parentDir, data.length, fd, () -> {
                            writeWhole(fd, data, path);
                            apply(fd, null, null, m, path);
                        });
                    } else {
                        try (Fd fd = createFile(parent, name, path)) {
                            writeSparse(d, fd, m.payloadSize());
                            apply(fd, null, null, m, path);
                        }
                    }
                }
                case CatarFormat.S_IFLNK -> {
                    posix.symlinkat(m.symlinkTarget(), parent, name);
                    w.submit(parentDir, 0, () -> apply(null, parent, name, m, path));
                }
                case CatarFormat.S_IFCHR, CatarFormat.S_IFBLK -> {
                    if (!root) {
                        if (!warnedDevice) {
                            listener.warning("not root: device nodes are skipped (first: " + path + ")");
                            warnedDevice = true;
                        }
                        return;
                    }
                    posix.mknodat(parent, name, m.type() | 0600, StatX.makedev(m.deviceMajor(), m.deviceMinor()));
                    w.submit(parentDir, 0, () -> apply(null, parent, name, m, path));
                }
                case CatarFormat.S_IFIFO, CatarFormat.S_IFSOCK -> {
                    posix.mknodat(parent, name, m.type() | 0600, 0);
                    w.submit(parentDir, 0, () -> apply(null, parent, name, m, path));
                }
                default -> throw new IOException(path + ": unsupported file type");
            }
        } catch (PosixException e) {
            throw e.at(path);
        }
    }

    private Fd createFile(Fd parent, byte[] name, String path) throws PosixException {
        try {
            return posix.openat(parent, name, Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL | Posix.O_NOFOLLOW, 0600);
        } catch (PosixException e) {
            throw e.at(path);
        }
    }

    private static byte[] readWhole(CatarDecoder d, int size) throws IOException {
        byte[] data = new byte[size];
        int got = 0;
        while (got < size) {
            int n = d.readPayload(data, got, size - got);
            if (n < 0) {
                throw new CatarFormatException(d.offset(), "PAYLOAD ended early");
            }
            got += n;
        }
        return data;
    }

    /** Writes a whole payload held in memory, with the same holes as {@link #writeSparse}. */
    private void writeWhole(Fd fd, byte[] data, String path) throws IOException {
        try {
            if (data.length == 0) {
                return;
            }
            if (data.length <= BLOCK) {
                posix.pwriteFully(fd, data, data.length, 0);
                return;
            }
            try (FileChannel ch = FileChannel.open(fd.procPath(), StandardOpenOption.WRITE)) {
                for (int pos = 0; pos < data.length; pos += BLOCK) {
                    int len = Math.min(BLOCK, data.length - pos);
                    if (Arrays.mismatch(data, pos, pos + len, ZEROS, 0, len) >= 0) {
                        ByteBuffer b = ByteBuffer.wrap(data, pos, len);
                        long at = pos;
                        while (b.hasRemaining()) {
                            at += ch.write(b, at);
                        }
                    }
                }
            }
            posix.ftruncate(fd, data.length);
        } catch (PosixException e) {
            throw e.at(path);
        }
    }

    /** ACL_UNDEFINED_ID, what the kernel stores in entries that carry no id. */
    private static final long UNDEFINED_ID = 0xffffffffL;
    private static final int BLOCK = 64 * 1024;
    private final byte[] block = new byte[BLOCK];
    private static final byte[] ZEROS = new byte[BLOCK];

    /**
     * Streams a payload from the decoder, leaving all-zero 64 KiB blocks as holes (casync extract punches
     * holes by default, so sparse files stay sparse), and sets the final size with ftruncate.
     */
    private void writeSparse(CatarDecoder d, Fd fd, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(fd.procPath(), StandardOpenOption.WRITE)) {
            long pos = 0;
            while (pos < size) {
                int want = (int) Math.min(BLOCK, size - pos);
                int got = 0;
                while (got < want) {
                    int n = d.readPayload(block, got, want - got);
                    if (n < 0) {
                        throw new CatarFormatException(d.offset(), "PAYLOAD ended early");
                    }
                    got += n;
                }
                if (Arrays.mismatch(block, 0, got, ZEROS, 0, got) >= 0) {
                    ByteBuffer b = ByteBuffer.wrap(block, 0, got);
                    long at = pos;
                    while (b.hasRemaining()) {
                        at += ch.write(b, at);
                    }
                }
                pos += got;
            }
        }
        posix.ftruncate(fd, size);
    }

    private static String showPath(byte[] p) {
        return p.length == 0 ? "." : CatarDecoder.show(p);
    }

    /**
     * Restores metadata in the order that keeps it: owner first (chown clears setuid bits and file caps),
     * then xattrs, mode, ACLs, caps, mtime and finally chattr flags (immutable would block the rest).
     * Either {@code fd} (directories, regular files) or {@code parent}+{@code name} (other nodes) is set.
     */
    private void apply(Fd fd, Fd parent, byte[] name, EntryMetadata m, String path) throws IOException {
        long f = m.features().bits();
        boolean symlink = m.isSymlink();
        if ((f & (FeatureFlags.UID_BITS | FeatureFlags.WITH_USER_NAMES)) != 0 && opts.ownership()) {
            if (!root) {
                if (warnedOwner.compareAndSet(false, true)) {
                    listener.warning("not root: file owners are not restored");
                }
            } else {
                long uid = owner(m.user(), m.uid(), true, path);
                long gid = owner(m.group(), m.gid(), false, path);
                if (fd != null) {
                    posix.lchownat(fd, null, (int) uid, (int) gid);
                } else {
                    posix.lchownat(parent, name, (int) uid, (int) gid);
                }
            }
        }
        if ((f & FeatureFlags.WITH_XATTRS) != 0 && !symlink) {
            for (Xattr x : m.xattrs()) {
                // only the namespaces casync stores as XATTR; security.* and system.* have their own objects and
                // must not be smuggled in (file caps, ACLs, SELinux labels)
                if (!x.nameString().startsWith("user.") && !x.nameString().startsWith("trusted.")) {
                    listener.warning(path + ": skipping xattr " + x.nameString() + " outside user.* and trusted.*");
                    continue;
                }
                if (!root && x.nameString().startsWith("trusted.")) {
                    listener.warning(path + ": not root, skipping " + x.nameString());
                    continue;
                }
                setx(fd, parent, name, x.nameString(), x.value());
            }
        }
        if (!symlink) {
            int mode;
            if ((f & (FeatureFlags.WITH_PERMISSIONS | FeatureFlags.WITH_ACL | FeatureFlags.WITH_READ_ONLY)) != 0) {
                mode = m.permissions();
            } else {
                mode = m.isDirectory() ? 0755 : 0644;
            }
            if (fd != null) {
                posix.fchmod(fd, mode);
            } else {
                posix.chmodat(parent, name, mode);
            }
        }
        if ((f & FeatureFlags.WITH_ACL) != 0 && !symlink) {
            applyAcl(fd, parent, name, m, path);
        }
        if ((f & FeatureFlags.WITH_SELINUX) != 0 && m.selinux() != null) {
            if (root) {
                byte[] v = Arrays.copyOf(m.selinux(), m.selinux().length + 1);
                setx(fd, parent, name, "security.selinux", v);
            } else {
                listener.warning(path + ": not root, SELinux label skipped");
            }
        }
        if ((f & FeatureFlags.WITH_FCAPS) != 0 && m.fcaps() != null && m.isRegular()) {
            if (root) {
                setx(fd, parent, name, "security.capability", m.fcaps());
            } else {
                listener.warning(path + ": not root, file capabilities skipped");
            }
        }
        if ((f & FeatureFlags.WITH_QUOTA_PROJID) != 0 && m.quotaProjid() != 0 && fd != null) {
            try {
                posix.setProjectId(fd, (int) m.quotaProjid());
            } catch (PosixException e) {
                listener.warning(path + ": project id not restored: " + e.reason());
            }
        }
        if ((f & FeatureFlags.TIME_BITS) != 0) {
            long t = m.mtimeNanos();
            long sec = Long.divideUnsigned(t, 1_000_000_000L), ns = Long.remainderUnsigned(t, 1_000_000_000L);
            if (fd != null) {
                posix.utimensat(fd, null, 0, Posix.UTIME_OMIT, sec, ns);
            } else {
                posix.utimensat(parent, name, 0, Posix.UTIME_OMIT, sec, ns);
            }
        }
        if ((f & FeatureFlags.WITH_CHATTR) != 0 && fd != null && (m.isRegular() || m.isDirectory())) {
            int want = FeatureFlags.toChattr(m.flags() & f);
            int mask = FeatureFlags.toChattr(f);
            int cur = posix.getInodeFlags(fd);
            int next = (cur & ~mask) | want;
            if (next != cur) {
                try {
                    posix.setInodeFlags(fd, next);
                } catch (PosixException e) {
                    listener.warning(path + ": chattr flags not restored: " + e.reason());
                }
            }
        }
    }

    private long owner(byte[] nameBytes, long id, boolean user, String path) throws IOException {
        long out = -1;
        boolean mapped = opts.mapping() != OwnerMapping.IDENTITY;
        if (nameBytes != null && !mapped) {
            String n = new String(nameBytes, StandardCharsets.UTF_8);
            out = user ? opts.names().uidOf(n) : opts.names().gidOf(n);
            if (out < 0 && n.chars().allMatch(Character::isDigit)) {
                out = Long.parseLong(n);
            }
        }
        if (out < 0) {
            out = user ? opts.mapping().uid(id) : opts.mapping().gid(id);
        }
        if (out < 0 || out > 0xfffffffeL) {
            throw new IOException(path + ": " + (user ? "uid " : "gid ") + id + " is outside the id mapping");
        }
        return out;
    }

    private void setx(Fd fd, Fd parent, byte[] name, String attr, byte[] value) throws IOException {
        if (fd != null) {
            posix.fsetxattr(fd, attr, value, 0);
        } else {
            posix.setxattr(parent, name, attr, value, 0);
        }
    }

    private void applyAcl(Fd fd, Fd parent, byte[] name, EntryMetadata m, String path) throws IOException {
        int mode = m.permissions();
        boolean named = !m.aclUser().isEmpty() || !m.aclGroup().isEmpty();
        if (named || m.aclGroupObj() != CatarFormat.UNSET) {
            List<PosixAcl.Entry> acl = new ArrayList<>();
            acl.add(new PosixAcl.Entry(PosixAcl.USER_OBJ, (mode >> 6) & 7, UNDEFINED_ID));
            acl.add(new PosixAcl.Entry(PosixAcl.OTHER, mode & 7, UNDEFINED_ID));
            acl.add(new PosixAcl.Entry(PosixAcl.MASK, (mode >> 3) & 7, UNDEFINED_ID));
            long go = m.aclGroupObj() != CatarFormat.UNSET ? m.aclGroupObj() : (mode >> 3) & 7;
            acl.add(new PosixAcl.Entry(PosixAcl.GROUP_OBJ, (int) go, UNDEFINED_ID));
            addNamed(acl, m.aclUser(), PosixAcl.USER, path);
            addNamed(acl, m.aclGroup(), PosixAcl.GROUP, path);
            setx(fd, parent, name, PosixAcl.ACCESS, encodeAcl(acl));
        }
        if (m.isDirectory() && m.aclDefault() != null && m.aclDefault().userObj() != CatarFormat.UNSET) {
            AclDefault def = m.aclDefault();
            List<PosixAcl.Entry> acl = new ArrayList<>();
            acl.add(new PosixAcl.Entry(PosixAcl.USER_OBJ, (int) def.userObj(), UNDEFINED_ID));
            acl.add(new PosixAcl.Entry(PosixAcl.GROUP_OBJ, (int) def.groupObj(), UNDEFINED_ID));
            acl.add(new PosixAcl.Entry(PosixAcl.OTHER, (int) def.other(), UNDEFINED_ID));
            if (def.mask() != CatarFormat.UNSET) {
                acl.add(new PosixAcl.Entry(PosixAcl.MASK, (int) def.mask(), UNDEFINED_ID));
            }
            addNamed(acl, m.aclDefaultUser(), PosixAcl.USER, path);
            addNamed(acl, m.aclDefaultGroup(), PosixAcl.GROUP, path);
            setx(fd, parent, name, PosixAcl.DEFAULT, encodeAcl(acl));
        }
    }

    /** The kernel wants entries sorted by tag, then id. */
    private static byte[] encodeAcl(List<PosixAcl.Entry> acl) {
        List<PosixAcl.Entry> sorted = new ArrayList<>(acl);
        sorted.sort((x, y) -> x.tag() != y.tag() ? Integer.compare(x.tag(), y.tag()) : Long.compare(x.id(), y.id()));
        return PosixAcl.encode(sorted);
    }

    private void addNamed(List<PosixAcl.Entry> acl, List<AclEntry> entries, int tag, String path) throws IOException {
        for (AclEntry a : entries) {
            long id = owner(a.name(), a.id(), tag == PosixAcl.USER, path);
            acl.add(new PosixAcl.Entry(tag, (int) a.permissions(), id));
        }
    }
}
