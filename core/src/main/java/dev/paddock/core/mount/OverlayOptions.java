package dev.paddock.core.mount;

import java.nio.file.Path;

/** The mount data string for overlayfs. */
final class OverlayOptions {
    private OverlayOptions() {}

    /**
     * {@code lowerdir=..,upperdir=..,workdir=..,metacopy=on}. metacopy needs redirect_dir=on, which is
     * what overlayfs picks by itself when metacopy is asked for; saying it explicitly would conflict with a
     * kernel built with a different redirect default, so we leave it implied and verify afterwards.
     */
    static String of(Path lower, Path upper, Path work) {
        return "lowerdir=" + escape(lower) + ",upperdir=" + escape(upper) + ",workdir=" + escape(work)
                + ",metacopy=on";
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
