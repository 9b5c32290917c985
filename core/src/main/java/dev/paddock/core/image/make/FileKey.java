package dev.paddock.core.image.make;

import dev.paddock.sys.StatX;

/**
 * What the make cache takes as the identity of a file's content, as git's index and casync's cache do:
 * writing a file changes its ctime, which unprivileged users cannot set back, so an unchanged key
 * means unchanged bytes (see {@link PayloadPolicy} for where that holds and for racy timestamps).
 */
public record FileKey(long dev, long ino, long size, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec) {
    static final int ENCODED = 5 * 8 + 2 * 4;

    public static FileKey of(StatX st) {
        return new FileKey(st.dev(), st.ino(), st.size(), st.mtimeSec(), st.mtimeNsec(), st.ctimeSec(), st.ctimeNsec());
    }

    /** Writes the key's {@link #ENCODED} bytes at {@code p}; returns the offset after them. */
    int encode(byte[] scratch, int p) {
        p = Bytes.putLong(scratch, p, dev);
        p = Bytes.putLong(scratch, p, ino);
        p = Bytes.putLong(scratch, p, size);
        p = Bytes.putLong(scratch, p, mtimeSec);
        p = Bytes.putInt(scratch, p, mtimeNsec);
        p = Bytes.putLong(scratch, p, ctimeSec);
        return Bytes.putInt(scratch, p, ctimeNsec);
    }
}
