package dev.paddock.core.fs;

import dev.paddock.sys.Fd;
import dev.paddock.sys.StatX;

/**
 * One entry met by the walk, with the stat read during the walk. The descriptors are valid only during
 * the visit. Reach the entry itself through {@link #at()} / {@link #atName()}: for a directory that is
 * its own open descriptor (nothing can be swapped under it), otherwise its parent's descriptor plus its
 * name, to be used with calls that do not follow a final symlink.
 */
public final class WalkEntry {
    private static final byte[] SELF = new byte[0];

    private final Fd parent;
    private final byte[] name;
    private final Fd self;
    private final StatX stat;
    private final DisplayPath path;

    WalkEntry(Fd parent, byte[] name, Fd self, StatX stat, DisplayPath path) {
        this.parent = parent;
        this.name = name;
        this.self = self;
        this.stat = stat;
        this.path = path;
    }

    /** The directory that holds the entry (for a directory root: the root's own descriptor). */
    public Fd parent() {
        return parent;
    }

    /** The raw name within {@link #parent()}; empty for a directory root. */
    public byte[] name() {
        return name;
    }

    /** The entry's own descriptor (directories only, opened O_DIRECTORY|O_NOFOLLOW), or null. */
    public Fd self() {
        return self;
    }

    public StatX stat() {
        return stat;
    }

    public DisplayPath path() {
        return path;
    }

    public boolean isRoot() {
        return path.isRoot();
    }

    /** Descriptor to pass to *at calls to reach this entry. */
    public Fd at() {
        return self != null ? self : parent;
    }

    /** Name to pass with {@link #at()}: empty (the descriptor itself) when the entry has its own. */
    public byte[] atName() {
        return self != null ? SELF : name;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
