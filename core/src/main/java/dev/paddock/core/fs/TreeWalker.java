package dev.paddock.core.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.paddock.sys.DirEntry;
import dev.paddock.sys.Errnos;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import dev.paddock.sys.StatX;

/**
 * Walks a tree through directory descriptors only: every directory is opened relative to its parent
 * with O_NOFOLLOW|O_DIRECTORY and listed by descriptor, so no path is ever resolved again (depth is not
 * limited by PATH_MAX, and swapping a component for a symlink cannot lead the walk out of the tree).
 * Each entry is stat'ed once: directories by fstat on the descriptor the walk then descends through,
 * everything else by statx(AT_SYMLINK_NOFOLLOW) relative to the parent.
 *
 * <p>Directories are listed in parallel on a ForkJoinPool. Tasks never wait for their children, so the
 * Java stack does not grow with the tree's depth; a parent descriptor is shared (reference-counted) by
 * the tasks of its subdirectories until each of them has opened its own.
 */
public final class TreeWalker {
    private final Posix posix;

    public TreeWalker(Posix posix) {
        this.posix = posix;
    }

    /**
     * Walks {@code root} (spelled as the user gave it; a final symlink is not followed). Returns when every
     * entry has been visited. Fails up front when the root itself cannot be opened.
     */
    public void walk(String root, WalkOptions options, WalkVisitor visitor) throws IOException {
        byte[] spelled = root.getBytes(StandardCharsets.UTF_8);
        DisplayPath rootPath = DisplayPath.root(spelled);
        Fd rootDir;
        try {
            rootDir = posix.openDirectory(null, spelled);
        } catch (PosixException e) {
            if (!e.is(Errnos.ENOTDIR) && !e.is(Errnos.ELOOP)) {
                throw e.at(root);
            }
            walkNonDirectoryRoot(root, rootPath, visitor);
            return;
        }
        try (rootDir) {
            StatX rootStat = fstat(rootDir, root);
            WalkEntry rootEntry = new WalkEntry(rootDir, new byte[0], rootDir, rootStat, rootPath);
            if (!options.rootLast()) {
                visitGuarded(rootEntry, visitor);
            }
            new Run(options, visitor, rootStat).walkBelow(rootDir, rootPath);
            if (options.rootLast()) {
                visitGuarded(rootEntry, visitor);
            }
        }
    }

    private StatX fstat(Fd fd, String where) throws PosixException {
        try {
            return posix.fstat(fd);
        } catch (PosixException e) {
            throw e.at(where);
        }
    }

    /** A root that is a file or a symlink: reached through its parent directory and its last name. */
    private void walkNonDirectoryRoot(String root, DisplayPath rootPath, WalkVisitor visitor) throws IOException {
        String trimmed = root;
        int slash = trimmed.lastIndexOf('/');
        String parent = slash < 0 ? "." : slash == 0 ? "/" : trimmed.substring(0, slash);
        byte[] name = trimmed.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
        try (Fd dir = posix.openat(null, parent.getBytes(StandardCharsets.UTF_8), Posix.O_RDONLY | Posix.O_DIRECTORY, 0)) {
            StatX st;
            try {
                st = posix.lstatat(dir, name);
            } catch (PosixException e) {
                throw e.at(root);
            }
            visitGuarded(new WalkEntry(dir, name, null, st, rootPath), visitor);
        } catch (PosixException e) {
            throw e.path() != null && e.path().equals(root) ? e : e.at(root);
        }
    }

    private static void visitGuarded(WalkEntry entry, WalkVisitor visitor) {
        try {
            visitor.visit(entry);
        } catch (IOException e) {
            visitor.failed(entry.path(), e);
        }
    }

    /** A directory descriptor shared by the tasks that still need to open names relative to it. */
    private static final class SharedDir {
        final Fd fd;
        final DisplayPath path;
        private final boolean owned;
        private final AtomicInteger refs = new AtomicInteger(1);

        /** {@code owned}: close the descriptor when the last user is done (the root's caller closes its own). */
        SharedDir(Fd fd, DisplayPath path, boolean owned) {
            this.fd = fd;
            this.path = path;
            this.owned = owned;
        }

        void retain() {
            refs.incrementAndGet();
        }

        void release() {
            if (refs.decrementAndGet() == 0 && owned) {
                fd.close();
            }
        }
    }

    /** The state of one walk below the root. */
    private final class Run {
        private final WalkOptions options;
        private final WalkVisitor visitor;
        private final StatX rootStat;
        private final AtomicInteger pending = new AtomicInteger();
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicReference<Throwable> fatal = new AtomicReference<>();
        private ForkJoinPool pool;

        Run(WalkOptions options, WalkVisitor visitor, StatX rootStat) {
            this.options = options;
            this.visitor = visitor;
            this.rootStat = rootStat;
        }

        void walkBelow(Fd rootDir, DisplayPath rootPath) throws IOException {
            pool = new ForkJoinPool(options.parallelism());
            try {
                SharedDir root = new SharedDir(rootDir, rootPath, false);
                pending.incrementAndGet();
                pool.execute(new ListTask(root));
                done.await();
            } catch (InterruptedException e) {
                fatal.compareAndSet(null, e);
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            } finally {
                pool.shutdown();
            }
            Throwable t = fatal.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t instanceof InterruptedException) {
                throw new IOException("walk interrupted", t);
            }
        }

        private boolean sameMount(StatX st) {
            if (st.mountId() != 0 && rootStat.mountId() != 0) {
                return st.mountId() == rootStat.mountId();
            }
            return st.dev() == rootStat.dev();
        }

        private void submit(RecursiveAction task) {
            pending.incrementAndGet();
            task.fork();
        }

        private void finished() {
            if (pending.decrementAndGet() == 0) {
                done.countDown();
            }
        }

        private void abort(Throwable t) {
            fatal.compareAndSet(null, t);
        }

        private boolean aborted() {
            return fatal.get() != null;
        }

        /** Lists one open directory and hands out its entries. */
        private final class ListTask extends RecursiveAction {
            private static final long serialVersionUID = 1L;
            private final transient SharedDir dir;

            ListTask(SharedDir dir) {
                this.dir = dir;
            }

            @Override
            protected void compute() {
                try {
                    if (!aborted()) {
                        list();
                    }
                } catch (RuntimeException | Error e) {
                    abort(e);
                } finally {
                    dir.release();
                    finished();
                }
            }

            private void list() {
                List<DirEntry> names;
                try {
                    names = posix.readdir(dir.fd);
                } catch (PosixException e) {
                    visitor.failed(dir.path, e.at(dir.path.toString()));
                    return;
                }
                for (DirEntry d : names) {
                    if (aborted()) {
                        return;
                    }
                    if (d.type() == DirEntry.DT_DIR) {
                        dir.retain();
                        submit(new OpenTask(dir, d.name()));
                    } else {
                        statAndVisit(dir, d.name());
                    }
                }
            }
        }

        /** Stats a name that was not listed as a directory; a directory found this way is opened. */
        private void statAndVisit(SharedDir dir, byte[] name) {
            DisplayPath path = dir.path.child(name);
            StatX st;
            try {
                st = posix.lstatat(dir.fd, name);
            } catch (PosixException e) {
                if (!e.is(Errnos.ENOENT)) { // gone since the listing: nothing left to visit
                    visitor.failed(path, e.at(path.toString()));
                }
                return;
            }
            if (st.isDirectory()) {
                dir.retain();
                submit(new OpenTask(dir, name));
                return;
            }
            visitGuarded(new WalkEntry(dir.fd, name, null, st, path), visitor);
        }

        /** Opens one subdirectory through its parent, stats it by descriptor, visits it and lists it. */
        private final class OpenTask extends RecursiveAction {
            private static final long serialVersionUID = 1L;
            private final transient SharedDir parent;
            private final byte[] name;

            OpenTask(SharedDir parent, byte[] name) {
                this.parent = parent;
                this.name = Arrays.copyOf(name, name.length);
            }

            @Override
            protected void compute() {
                boolean released = false;
                try {
                    if (!aborted()) {
                        SharedDir opened = open();
                        parent.release();
                        released = true;
                        if (opened != null) {
                            pending.incrementAndGet();
                            new ListTask(opened).compute();
                        }
                    }
                } catch (RuntimeException | Error e) {
                    abort(e);
                } finally {
                    if (!released) {
                        parent.release();
                    }
                    finished();
                }
            }

            /** The opened directory to list, or null when there is nothing to descend into. */
            private SharedDir open() {
                DisplayPath path = parent.path.child(name);
                Fd fd;
                try {
                    fd = posix.openDirectory(parent.fd, name);
                } catch (PosixException e) {
                    if (e.is(Errnos.ELOOP) || e.is(Errnos.ENOTDIR)) {
                        // Swapped for a symlink or a file since the listing: visit what is there now.
                        statAndVisit(parent, name);
                    } else if (!e.is(Errnos.ENOENT)) {
                        visitor.failed(path, e.at(path.toString()));
                    }
                    return null;
                }
                boolean keep = false;
                try {
                    StatX st = posix.fstat(fd);
                    WalkEntry entry = new WalkEntry(parent.fd, name, fd, st, path);
                    if (!options.crossMounts() && !sameMount(st)) {
                        visitor.skippedMount(entry);
                        return null;
                    }
                    visitGuarded(entry, visitor);
                    keep = true;
                    return new SharedDir(fd, path, true);
                } catch (PosixException e) {
                    visitor.failed(path, e.at(path.toString()));
                    return null;
                } finally {
                    if (!keep) {
                        fd.close();
                    }
                }
            }
        }
    }
}
