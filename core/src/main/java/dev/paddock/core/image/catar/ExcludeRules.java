package dev.paddock.core.image.catar;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * casync's {@code .caexclude} rules (camatch.c): gitignore-like lines, {@code !} negates, a {@code /} anywhere
 * anchors the rule to the directory holding the file, a trailing {@code /} matches directories only, and each
 * component is an fnmatch(3) pattern with FNM_PERIOD. Unanchored rules apply at every depth below.
 * Immutable; {@link #test} hands back the rules that apply inside a child directory.
 */
final class ExcludeRules {
    private static final int POSITIVE = 0, NEGATIVE = 1, INNER = 2;

    private record Rule(int type, byte[] name, boolean anchored, boolean dirOnly, List<Rule> children) {}

    /** Whether a child is excluded, and the rules for its own children (null when none apply). */
    record Result(boolean excluded, ExcludeRules subtree) {}

    private final List<Rule> rules;

    private ExcludeRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** Parses a .caexclude file; returns null when it holds no rules. */
    static ExcludeRules parse(byte[] content, String where) throws IOException {
        List<Rule> rules = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                byte[] line = strip(content, start, i);
                start = i + 1;
                if (line.length == 0 || line[0] == '#') {
                    continue;
                }
                Rule r = parseLine(line);
                if (r == null) {
                    throw new IOException(where + ": invalid exclude rule '" + CatarDecoder.show(line) + "'");
                }
                rules.add(r);
            }
        }
        return rules.isEmpty() ? null : new ExcludeRules(rules);
    }

    private static byte[] strip(byte[] b, int from, int to) {
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static Rule parseLine(byte[] line) {
        int p = 0;
        int type = POSITIVE;
        if (line[0] == '!') {
            type = NEGATIVE;
            p++;
        }
        boolean anchored = false;
        for (int i = p; i < line.length; i++) {
            anchored |= line[i] == '/';
        }
        while (p < line.length && line[p] == '/') {
            p++;
        }
        List<byte[]> names = new ArrayList<>();
        List<Boolean> dirOnly = new ArrayList<>();
        while (true) {
            int k = p;
            while (k < line.length && line[k] != '/') {
                k++;
            }
            int len = k - p;
            if (len == 0 || (len == 1 && line[p] == '.') || (len == 2 && line[p] == '.' && line[p + 1] == '.')) {
                return null;
            }
            byte[] name = new byte[len];
            System.arraycopy(line, p, name, 0, len);
            names.add(name);
            p = k;
            dirOnly.add(p < line.length && line[p] == '/');
            while (p < line.length && line[p] == '/') {
                p++;
            }
            if (p >= line.length) {
                break;
            }
        }
        Rule next = null;
        for (int i = names.size() - 1; i >= 0; i--) {
            boolean last = i == names.size() - 1;
            next = new Rule(last ? type : INNER, names.get(i), i == 0 ? anchored : true, dirOnly.get(i),
                    next == null ? List.of() : List.of(next));
        }
        return next;
    }

    /** Both rule sets together (a directory's inherited rules plus its own .caexclude). */
    static ExcludeRules merge(ExcludeRules a, ExcludeRules b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        List<Rule> all = new ArrayList<>(a.rules);
        all.addAll(b.rules);
        return new ExcludeRules(all);
    }

    Result test(byte[] name, boolean isDirectory) {
        boolean positive = false, negative = false;
        List<Rule> subtree = new ArrayList<>();
        for (Rule r : rules) {
            if (!r.anchored() && isDirectory) {
                subtree.add(r);
            }
            if (r.dirOnly() && !isDirectory) {
                continue;
            }
            if (!Fnmatch.matches(r.name(), name)) {
                continue;
            }
            switch (r.type()) {
                case NEGATIVE -> negative = true;
                case POSITIVE -> positive = true;
                default -> subtree.addAll(r.children());
            }
        }
        return new Result(!negative && positive, subtree.isEmpty() ? null : new ExcludeRules(subtree));
    }

    /** fnmatch(pattern, name, FNM_PERIOD) on bytes: *, ?, [...] with ranges, ! or ^, [:class:], and \ escapes. */
    static final class Fnmatch {
        private Fnmatch() {}

        static boolean matches(byte[] p, byte[] s) {
            return match(p, 0, s, 0);
        }

        private static boolean match(byte[] p, int pi, byte[] s, int si) {
            while (pi < p.length) {
                byte c = p[pi];
                switch (c) {
                    case '?' -> {
                        if (si >= s.length || (si == 0 && s[0] == '.')) {
                            return false;
                        }
                        pi++;
                        si++;
                    }
                    case '*' -> {
                        if (si == 0 && s.length > 0 && s[0] == '.') {
                            return false;
                        }
                        while (pi < p.length && p[pi] == '*') {
                            pi++;
                        }
                        if (pi == p.length) {
                            return true;
                        }
                        for (int k = si; k <= s.length; k++) {
                            if (match(p, pi, s, k)) {
                                return true;
                            }
                        }
                        return false;
                    }
                    case '[' -> {
                        if (si >= s.length || (si == 0 && s[0] == '.')) {
                            return false;
                        }
                        int end = bracketEnd(p, pi);
                        if (end < 0) {
                            // an unterminated bracket is an ordinary character
                            if (s[si] != '[') {
                                return false;
                            }
                            pi++;
                            si++;
                        } else {
                            if (!inBracket(p, pi + 1, end, s[si] & 0xff)) {
                                return false;
                            }
                            pi = end + 1;
                            si++;
                        }
                    }
                    case '\\' -> {
                        byte lit = pi + 1 < p.length ? p[pi + 1] : (byte) '\\';
                        if (si >= s.length || s[si] != lit) {
                            return false;
                        }
                        pi += pi + 1 < p.length ? 2 : 1;
                        si++;
                    }
                    default -> {
                        if (si >= s.length || s[si] != c) {
                            return false;
                        }
                        pi++;
                        si++;
                    }
                }
            }
            return si == s.length;
        }

        /** Index of the closing ']' of the bracket expression opening at {@code open}, or -1. */
        private static int bracketEnd(byte[] p, int open) {
            int i = open + 1;
            if (i < p.length && (p[i] == '!' || p[i] == '^')) {
                i++;
            }
            if (i < p.length && p[i] == ']') {
                i++;
            }
            while (i < p.length) {
                if (p[i] == '[' && i + 1 < p.length && p[i + 1] == ':') {
                    int close = indexOf(p, i + 2, (byte) ':');
                    if (close > 0 && close + 1 < p.length && p[close + 1] == ']') {
                        i = close + 2;
                        continue;
                    }
                }
                if (p[i] == '\\' && i + 1 < p.length) {
                    i += 2;
                    continue;
                }
                if (p[i] == ']') {
                    return i;
                }
                i++;
            }
            return -1;
        }

        private static int indexOf(byte[] p, int from, byte b) {
            for (int i = from; i < p.length; i++) {
                if (p[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean inBracket(byte[] p, int from, int end, int c) {
            boolean negate = from < end && (p[from] == '!' || p[from] == '^');
            int i = negate ? from + 1 : from;
            boolean found = false;
            boolean first = true;
            while (i < end) {
                int lo;
                if (p[i] == '[' && i + 1 < end && p[i + 1] == ':') {
                    int close = indexOf(p, i + 2, (byte) ':');
                    String cls = new String(p, i + 2, close - i - 2, java.nio.charset.StandardCharsets.US_ASCII);
                    found |= inClass(cls, c);
                    i = close + 2;
                    first = false;
                    continue;
                }
                if (p[i] == '\\' && i + 1 < end) {
                    i++;
                }
                lo = p[i] & 0xff;
                i++;
                if (i + 1 < end && p[i] == '-' && !(p[i + 1] == ']' && !first)) {
                    int hi = p[i + 1] & 0xff;
                    if (p[i + 1] == '\\' && i + 2 < end) {
                        hi = p[i + 2] & 0xff;
                        i++;
                    }
                    i += 2;
                    found |= c >= lo && c <= hi;
                } else {
                    found |= c == lo;
                }
                first = false;
            }
            return found != negate;
        }

        private static boolean inClass(String cls, int c) {
            return switch (cls) {
                case "alpha" -> Character.isLetter(c) && c < 128;
                case "digit" -> c >= '0' && c <= '9';
                case "alnum" -> (Character.isLetterOrDigit(c)) && c < 128;
                case "upper" -> c >= 'A' && c <= 'Z';
                case "lower" -> c >= 'a' && c <= 'z';
                case "space" -> c == ' ' || (c >= 9 && c <= 13);
                case "blank" -> c == ' ' || c == '\t';
                case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
                case "print" -> c >= 32 && c < 127;
                case "graph" -> c > 32 && c < 127;
                case "cntrl" -> c < 32 || c == 127;
                case "xdigit" -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                default -> false;
            };
        }
    }
}
