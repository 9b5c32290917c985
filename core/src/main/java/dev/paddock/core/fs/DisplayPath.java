package dev.paddock.core.fs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A path for showing to people, kept as a chain of raw names and built only when asked for. The walk
 * never uses it to reach a file (it may be longer than PATH_MAX); it starts with the root exactly as
 * the user spelled it, so {@code /tmp/t/} yields {@code /tmp/t/usr}, not {@code /tmp/t//usr}.
 */
public final class DisplayPath {
    private final DisplayPath parent;
    private final byte[] name;

    private DisplayPath(DisplayPath parent, byte[] name) {
        this.parent = parent;
        this.name = name;
    }

    public static DisplayPath root(byte[] spelled) {
        return new DisplayPath(null, spelled);
    }

    public DisplayPath child(byte[] childName) {
        return new DisplayPath(this, childName);
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** The raw bytes of the whole path. */
    public byte[] bytes() {
        ArrayDeque<byte[]> parts = new ArrayDeque<>();
        for (DisplayPath p = this; p != null; p = p.parent) {
            parts.push(p.name);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] previous = null;
        for (byte[] part : parts) {
            if (previous != null && (previous.length == 0 || previous[previous.length - 1] != '/')) {
                out.write('/');
            }
            out.writeBytes(part);
            previous = part;
        }
        return out.toByteArray();
    }

    /** For messages: undecodable bytes show as U+FFFD. */
    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
