package dev.paddock.core.mount;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code /proc/self/mountinfo}, unescaped. {@code superOptions} are the filesystem's own
 * options (for overlayfs: lowerdir, upperdir, workdir, metacopy ...).
 */
public record MountInfoEntry(int id, int parentId, String root, String mountPoint, String mountOptions,
                             String fsType, String source, Map<String, String> superOptions) {

    /** The value of a filesystem option, {@code ""} for a flag, or null if absent. */
    public String option(String name) {
        return superOptions.get(name);
    }

    /**
     * Parses one mountinfo line. Fields are separated by spaces, the optional fields end at a lone
     * {@code -}, and the kernel writes space, tab, newline, backslash (and, inside option values, comma
     * and equals sign) as {@code \ooo} octal escapes.
     */
    public static MountInfoEntry parse(String line) {
        String[] f = line.split(" ");
        int dash = 6;
        while (dash < f.length && !f[dash].equals("-")) {
            dash++;
        }
        if (dash + 2 >= f.length) {
            throw new IllegalArgumentException("malformed mountinfo line: " + line);
        }
        String superOpts = dash + 3 < f.length ? f[dash + 3] : "";
        return new MountInfoEntry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), unescape(f[3]), unescape(f[4]),
                f[5], unescape(f[dash + 1]), unescape(f[dash + 2]), options(superOpts));
    }

    private static Map<String, String> options(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String opt : raw.split(",")) {
            int eq = opt.indexOf('=');
            if (eq < 0) {
                out.put(unescape(opt), "");
            } else {
                out.put(unescape(opt.substring(0, eq)), unescape(opt.substring(eq + 1)));
            }
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        // Escapes stand for bytes; decode the bytes as UTF-8 at the end so multi-byte names survive.
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] in = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && i + 3 < in.length && isOctal(in[i + 1]) && isOctal(in[i + 2]) && isOctal(in[i + 3])) {
                b.write(((in[i + 1] - '0') << 6) | ((in[i + 2] - '0') << 3) | (in[i + 3] - '0'));
                i += 3;
            } else {
                b.write(in[i]);
            }
        }
        return b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte c) {
        return c >= '0' && c <= '7';
    }
}
