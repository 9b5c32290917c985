package dev.paddock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.paddock.sys.DirEntry;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.StatX;

/**
 * Everything about a tree that must not change when it is used as a read-only LOWER: per entry the
 * type, mode, owner, size, mtime and every xattr. Compare two snapshots with equals.
 */
public record TreeSnapshot(Map<String, String> entries) {
    public static TreeSnapshot of(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Posix posix = Posix.get();
        try (Fd dir = posix.openDirectory(null, root.toString().getBytes(StandardCharsets.UTF_8))) {
            out.put(".", describe(posix, dir, null));
            walk(posix, dir, "", out);
        }
        return new TreeSnapshot(out);
    }

    private static void walk(Posix posix, Fd dir, String prefix, Map<String, String> out) throws IOException {
        List<DirEntry> entries = new ArrayList<>(posix.readdir(dir));
        for (DirEntry e : entries) {
            String rel = prefix + e.displayName();
            out.put(rel, describe(posix, dir, e.name()));
            if (posix.lstatat(dir, e.name()).isDirectory()) {
                try (Fd sub = posix.openDirectory(dir, e.name())) {
                    walk(posix, sub, rel + "/", out);
                }
            }
        }
    }

    private static String describe(Posix posix, Fd dir, byte[] name) throws IOException {
        StatX st = posix.lstatat(dir, name);
        StringBuilder b = new StringBuilder();
        b.append(Integer.toOctalString(st.mode())).append(' ').append(st.uid()).append(':').append(st.gid())
                .append(' ').append(st.isDirectory() ? 0 : st.size()).append(' ').append(st.mtimeNanos());
        List<String> attrs = new ArrayList<>(posix.listxattr(dir, name));
        attrs.sort(null);
        for (String attr : attrs) {
            byte[] v = posix.getxattr(dir, name, attr);
            b.append(' ').append(attr).append('=').append(v == null ? "-" : HexFormat.of().formatHex(v));
        }
        return b.toString();
    }
}
