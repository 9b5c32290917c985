package dev.paddock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.paddock.sys.DirEntry;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;
import dev.paddock.sys.StatX;

/**
 * Everything observable about a tree, keyed by relative path, for before/after comparisons: type,
 * owner, mode, size, mtime, device numbers, symlink targets and every xattr's bytes (ctime is recorded
 * but {@link #withoutCtime()} drops it). Read with its own plain sequential descriptor walk, independent
 * of the walker under test, so it also reaches paths deeper than PATH_MAX.
 *
 * <p>Raw names and values are kept as ISO-8859-1 strings, one char per byte, so equality is exact.
 */
public record TreeSnapshot(SortedMap<String, Node> entries) {

    /** One entry; byte strings are ISO-8859-1 encoded raw bytes. */
    public record Node(int type, int uid, int gid, int mode, long size, long mtimeSec, int mtimeNsec, long rdev,
                       String linkTarget, SortedMap<String, String> xattrs, long ctimeSec, int ctimeNsec) {
        public Node withoutCtime() {
            return new Node(type, uid, gid, mode, size, mtimeSec, mtimeNsec, rdev, linkTarget, xattrs, 0, 0);
        }

        public Node withOwner(int newUid, int newGid) {
            return new Node(type, newUid, newGid, mode, size, mtimeSec, mtimeNsec, rdev, linkTarget, xattrs, ctimeSec,
                    ctimeNsec);
        }

        public byte[] xattr(String name) {
            String v = xattrs.get(name);
            return v == null ? null : v.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    public static TreeSnapshot take(Path root) throws IOException {
        Posix posix = Posix.get();
        SortedMap<String, Node> out = new TreeMap<>();
        try (Fd dir = posix.openDirectory(null, root.toString().getBytes(StandardCharsets.UTF_8))) {
            out.put(".", node(posix, dir, null, posix.fstat(dir)));
            walk(posix, dir, "", out);
        }
        return new TreeSnapshot(Collections.unmodifiableSortedMap(out));
    }

    private static void walk(Posix posix, Fd dir, String prefix, SortedMap<String, Node> out) throws IOException {
        List<DirEntry> names = posix.readdir(dir);
        for (DirEntry e : names) {
            String rel = prefix + new String(e.name(), StandardCharsets.ISO_8859_1);
            StatX st = posix.lstatat(dir, e.name());
            out.put(rel, node(posix, dir, e.name(), st));
            if (st.isDirectory()) {
                try (Fd sub = posix.openDirectory(dir, e.name())) {
                    walk(posix, sub, rel + "/", out);
                }
            }
        }
    }

    private static Node node(Posix posix, Fd dir, byte[] name, StatX st) throws IOException {
        SortedMap<String, String> xattrs = new TreeMap<>();
        for (String x : posix.listxattr(dir, name)) {
            byte[] v = posix.getxattr(dir, name, x);
            if (v != null) {
                xattrs.put(x, new String(v, StandardCharsets.ISO_8859_1));
            }
        }
        String target = st.isSymlink() ? new String(posix.readlinkat(dir, name), StandardCharsets.ISO_8859_1) : null;
        return new Node(st.type(), st.uid(), st.gid(), st.mode(), st.isDirectory() ? 0 : st.size(), st.mtimeSec(),
                st.mtimeNsec(), st.rdev(), target, Collections.unmodifiableSortedMap(xattrs), st.ctimeSec(),
                st.ctimeNsec());
    }

    public TreeSnapshot withoutCtime() {
        return map(Node::withoutCtime);
    }

    /** The same snapshot with {@code f} applied to every node. */
    public TreeSnapshot map(UnaryOperator<Node> f) {
        SortedMap<String, Node> out = new TreeMap<>();
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            out.put(e.getKey(), f.apply(e.getValue()));
        }
        return new TreeSnapshot(Collections.unmodifiableSortedMap(out));
    }

    /**
     * Per entry, only what {@code pick} selects: for comparing trees built apart, whose times and
     * inode numbers differ, on what a tool decided.
     */
    public SortedMap<String, List<Object>> select(Function<Node, List<Object>> pick) {
        SortedMap<String, List<Object>> out = new TreeMap<>();
        entries.forEach((k, v) -> out.put(k, pick.apply(v)));
        return out;
    }

    public Node get(String rel) {
        return entries.get(rel);
    }

    public int size() {
        return entries.size();
    }
}
