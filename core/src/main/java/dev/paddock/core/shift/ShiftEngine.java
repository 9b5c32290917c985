package dev.paddock.core.shift;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.paddock.core.fs.DisplayPath;
import dev.paddock.core.fs.TreeWalker;
import dev.paddock.core.fs.WalkEntry;
import dev.paddock.core.fs.WalkOptions;
import dev.paddock.core.fs.WalkVisitor;
import dev.paddock.sys.Errnos;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import dev.paddock.sys.StatX;

/**
 * Shifts the ownership of trees: {@link #prepare} checks a PATH and decides its rule without changing
 * anything, {@link #shift} applies it. The root is shifted last, so that an interrupted run still finds
 * the old owner on the root, detects the same source window, and finishes the job when run again.
 */
public final class ShiftEngine {
    private static final int PROGRESS_EVERY = 8192;

    private final Posix posix;

    public ShiftEngine(Posix posix) {
        this.posix = posix;
    }

    /** Fails unless the caller may change ownership. */
    public void requirePrivileges() throws ShiftException {
        int euid = posix.geteuid();
        if (euid != 0) {
            throw new ShiftException("must run as root (effective uid " + Integer.toUnsignedString(euid)
                    + "): changing file ownership needs CAP_CHOWN in the initial user namespace");
        }
    }

    /** Checks {@code path} (exists, writable filesystem) and decides its rule. Changes nothing. */
    public ShiftTarget prepare(ShiftConfig config, String path) throws IOException {
        StatX st;
        try (Fd fd = posix.openat(null, path.getBytes(StandardCharsets.UTF_8), Posix.O_PATH | Posix.O_NOFOLLOW, 0)) {
            st = posix.fstat(fd);
            if (!config.dryRun() && posix.isReadOnlyFilesystem(fd)) {
                throw new ShiftException(path + ": " + Errnos.describe(Errnos.EROFS));
            }
        } catch (PosixException e) {
            throw e.at(path);
        }
        long base = config.from().isPresent() ? config.from().getAsLong() : detectBase(path, st, config.range());
        try {
            return new ShiftTarget(path, new IdShift(base, config.shift(), config.range()), st);
        } catch (IllegalArgumentException e) {
            throw new ShiftException(path + ": " + e.getMessage());
        }
    }

    private static long detectBase(String path, StatX st, long range) throws ShiftException {
        long uid = Integer.toUnsignedLong(st.uid());
        long gid = Integer.toUnsignedLong(st.gid());
        long uidBase = uid / range * range;
        long gidBase = gid / range * range;
        if (uidBase != gidBase) {
            throw new ShiftException(path + ": owner uid " + uid + " (base " + IdRange.hex(uidBase) + ") and gid "
                    + gid + " (base " + IdRange.hex(gidBase) + ") disagree on the source range; use --from");
        }
        return uidBase;
    }

    /** Shifts one prepared PATH, reporting as it goes. */
    public ShiftResult shift(ShiftTarget target, ShiftConfig config, ShiftListener listener) throws IOException {
        Run run = new Run(target.shift(), config.dryRun(), listener);
        WalkOptions options = new WalkOptions(config.crossMounts(), config.parallelism(), true);
        new TreeWalker(posix).walk(target.path(), options, run);
        List<String> skipped = new ArrayList<>(run.skippedMounts);
        Collections.sort(skipped);
        return new ShiftResult(target, config.dryRun(), run.total.get(), run.changed.sum(), run.already.sum(),
                run.foreign.sum(), run.inTarget.sum(), run.hardlinkRepeats.sum(), run.failures.sum(), List.copyOf(skipped));
    }

    private record Inode(long dev, long ino) {}

    /** One shift in progress; the walker calls it from several threads. */
    private final class Run implements WalkVisitor {
        private final IdShift rule;
        private final boolean dryRun;
        private final ShiftListener listener;
        private final Set<Inode> seenLinks = ConcurrentHashMap.newKeySet();
        private final Set<String> skippedMounts = ConcurrentHashMap.newKeySet();
        final AtomicLong total = new AtomicLong();
        final LongAdder changed = new LongAdder(), already = new LongAdder(),
                foreign = new LongAdder(), inTarget = new LongAdder(), hardlinkRepeats = new LongAdder(), failures = new LongAdder();

        Run(IdShift rule, boolean dryRun, ShiftListener listener) {
            this.rule = rule;
            this.dryRun = dryRun;
            this.listener = listener;
        }

        @Override
        public void visit(WalkEntry entry) throws IOException {
            long seen = total.incrementAndGet();
            if ((seen & (PROGRESS_EVERY - 1)) == 0) {
                listener.progress(seen);
            }
            StatX st = entry.stat();
            int uid = st.uid();
            int gid = st.gid();
            int newUid = rule.applyRaw(uid);
            int newGid = rule.applyRaw(gid);
            if (rule.decideRaw(newUid) == IdShift.Outcome.DONE && rule.decideRaw(newGid) == IdShift.Outcome.DONE) {
                inTarget.increment();
            }
            // A hardlinked inode is shifted once, through the first name that reaches it.
            if (!st.isDirectory() && st.nlink() > 1 && !seenLinks.add(new Inode(st.dev(), st.ino()))) {
                hardlinkRepeats.increment();
                return;
            }
            IdShift.Outcome ou = rule.decideRaw(uid);
            IdShift.Outcome og = rule.decideRaw(gid);
            boolean moves = ou == IdShift.Outcome.MAP || og == IdShift.Outcome.MAP;
            boolean isForeign = ou == IdShift.Outcome.FOREIGN || og == IdShift.Outcome.FOREIGN;
            if (isForeign) {
                foreign.increment();
                if (ou == IdShift.Outcome.FOREIGN) {
                    listener.foreign(entry.path(), "uid", Integer.toUnsignedLong(uid));
                }
                if (og == IdShift.Outcome.FOREIGN) {
                    listener.foreign(entry.path(), "gid", Integer.toUnsignedLong(gid));
                }
            }
            if (!moves) {
                if (!isForeign) {
                    already.increment();
                }
                if (dryRun) {
                    return;
                }
                if (!isForeign) {
                    // Done: its ACLs were remapped before its owner moved. A file may still hold the
                    // note of a restore an interrupted run did not finish.
                    if (!st.isDirectory() && !st.isSymlink()) {
                        finishPendingRestore(entry);
                    }
                    return;
                }
            } else {
                changed.increment();
                listener.changed(entry.path(), Integer.toUnsignedLong(uid), Integer.toUnsignedLong(gid),
                        Integer.toUnsignedLong(newUid), Integer.toUnsignedLong(newGid));
                if (dryRun) {
                    return;
                }
            }
            try {
                apply(entry, moves, newUid, newGid);
            } catch (PosixException e) {
                throw e.at(entry.path().toString());
            }
        }

        /**
         * ACLs first, then the owner: an interruption between the two leaves the owner unshifted, so the
         * next run revisits the entry (remapping ACLs again is a no-op). Capabilities and setuid/setgid
         * bits, which the chown removes, are noted on the inode before it ({@link PendingRestore}) and
         * put back right after, so that a run killed in between leaves what the rerun needs.
         */
        private void apply(WalkEntry entry, boolean moves, int newUid, int newGid) throws IOException {
            StatX st = entry.stat();
            Fd at = entry.at();
            byte[] name = entry.atName();
            byte[] caps = null;
            byte[] note = null;
            if (!st.isSymlink()) { // symlinks carry neither ACLs nor capabilities
                for (String xattr : posix.listxattr(at, name)) {
                    if (PosixAcl.isAclName(xattr)) {
                        remapAcl(entry, xattr);
                    } else if (moves && FileCaps.XATTR.equals(xattr)) {
                        caps = posix.getxattr(at, name, xattr);
                    } else if (PendingRestore.XATTR.equals(xattr)) {
                        note = posix.getxattr(at, name, xattr);
                    }
                }
            }
            if (!moves) {
                if (note != null) {
                    finishNoted(entry, note);
                }
                return;
            }
            boolean setId = !st.isDirectory() && !st.isSymlink() && (st.mode() & (StatX.S_ISUID | StatX.S_ISGID)) != 0;
            PendingRestore restore = setId || caps != null ? new PendingRestore(st.permissions(), rehome(entry, caps)) : null;
            boolean noted = restore != null && writeNote(at, name, restore);
            posix.lchownat(at, name, newUid, newGid);
            if (restore != null) {
                restore(entry, restore);
            }
            if (noted || note != null) { // a stale note from an earlier run is superseded by this restore
                posix.removexattr(at, name, PendingRestore.XATTR);
            }
        }

        private byte[] rehome(WalkEntry entry, byte[] caps) throws ShiftException {
            if (caps == null) {
                return null;
            }
            try {
                return FileCaps.withRootId(caps, rule.to());
            } catch (IllegalArgumentException e) {
                throw new ShiftException(entry.path() + ": " + e.getMessage() + "; capabilities dropped by chown");
            }
        }

        private void restore(WalkEntry entry, PendingRestore r) throws IOException {
            if (r.restoresMode()) {
                posix.chmodNoFollow(entry.at(), entry.atName(), r.mode());
            }
            if (r.caps() != null) {
                posix.setxattr(entry.at(), entry.atName(), FileCaps.XATTR, r.caps(), 0);
            }
        }

        /**
         * Notes the restore on the inode; false where the filesystem or the caller cannot have trusted
         * xattrs (the shift then goes on without the note, as chown-based tools do).
         */
        private boolean writeNote(Fd at, byte[] name, PendingRestore r) throws PosixException {
            try {
                posix.setxattr(at, name, PendingRestore.XATTR, r.encode(), 0);
                return true;
            } catch (PosixException e) {
                if (e.errno() == Errnos.ENOTSUP || e.errno() == Errnos.EPERM) {
                    return false;
                }
                throw e;
            }
        }

        private PendingRestore readNote(WalkEntry entry, byte[] note) throws ShiftException {
            try {
                return PendingRestore.decode(note);
            } catch (IllegalArgumentException e) {
                throw new ShiftException(entry.path() + ": " + e.getMessage());
            }
        }

        /** A done file: finishes the restore an interrupted run noted, if there is one; nothing else. */
        private void finishPendingRestore(WalkEntry entry) throws IOException {
            Fd at = entry.at();
            byte[] name = entry.atName();
            try {
                if (!posix.listxattr(at, name).contains(PendingRestore.XATTR)) {
                    return;
                }
                byte[] note = posix.getxattr(at, name, PendingRestore.XATTR);
                if (note != null) {
                    finishNoted(entry, note);
                }
            } catch (PosixException e) {
                throw e.at(entry.path().toString());
            }
        }

        /** Puts back what an interrupted run noted, then drops the note. */
        private void finishNoted(WalkEntry entry, byte[] note) throws IOException {
            restore(entry, readNote(entry, note));
            posix.removexattr(entry.at(), entry.atName(), PendingRestore.XATTR);
        }

        private void remapAcl(WalkEntry entry, String xattr) throws IOException {
            byte[] raw = posix.getxattr(entry.at(), entry.atName(), xattr);
            if (raw == null) {
                return;
            }
            byte[] remapped;
            try {
                String what = xattr.equals(PosixAcl.ACCESS) ? "ACL" : "default ACL";
                remapped = PosixAcl.remap(raw, rule, id -> listener.foreign(entry.path(), what + " entry", id));
            } catch (IllegalArgumentException e) {
                throw new ShiftException(entry.path() + ": " + xattr + ": " + e.getMessage());
            }
            if (remapped != null) {
                posix.setxattr(entry.at(), entry.atName(), xattr, remapped, 0);
            }
        }

        @Override
        public void skippedMount(WalkEntry mountPoint) {
            skippedMounts.add(mountPoint.path().toString());
            listener.skippedMount(mountPoint.path());
        }

        @Override
        public void failed(DisplayPath path, IOException error) {
            failures.increment();
            listener.failed(path, error);
        }
    }
}
