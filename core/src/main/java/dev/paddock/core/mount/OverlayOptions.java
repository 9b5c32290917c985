package dev.paddock.core.mount;

import java.nio.file.Path;

/** The mount data string for overlayfs. */
final class OverlayOptions {
    private OverlayOptions() {}

    /**
     * {@code lowerdir=..,upperdir=..,workdir=..,index=on,metacopy=on}. metacopy needs redirect_dir=on,
     * which overlayfs picks by itself when metacopy is asked for, so it is left implied and the result is
     * verified afterwards. index=on keeps hardlinks whole on copy-up: without it, chowning one name of a
     * hardlinked lower file copies up only that name, and the other names keep the unshifted owner (the
     * shift engine, rightly, shifts each inode once). It also pins STATE to its LOWER: overlayfs records
     * LOWER's root in upper and refuses (ESTALE) a STATE mounted over another LOWER.
     */
    static String of(Path lower, Path upper, Path work) {
        return "lowerdir=" + escape(lower) + ",upperdir=" + escape(upper) + ",workdir=" + escape(work)
                + ",index=on,metacopy=on";
    }

    /** overlayfs splits options at commas and layers at colons; a backslash protects either. */
    static String escape(Path p) {
        String s = p.toString();
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == ',' || c == ':' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
