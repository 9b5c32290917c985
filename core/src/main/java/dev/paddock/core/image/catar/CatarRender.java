package dev.paddock.core.image.catar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Text renderings of a decoded archive that match {@code casync list}, {@code casync mtree} and
 * {@code casync digest} byte for byte (casync-tool.c list_one_file, util.c ls_format_mode). They read
 * only the decoder's events, so the source can be a .catar file, an index's chunk stream or an encoder.
 */
public final class CatarRender {
    private CatarRender() {}

    /** {@code casync list}: "drwxr-xr-x path" per node, root shown as ".". */
    public static void list(CatarDecoder d, OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        for (CatarEvent e = d.next(); e != null; e = d.next()) {
            if (e instanceof CatarEvent.Entry en) {
                sb.setLength(0);
                sb.append(lsMode(en.meta().mode())).append(' ');
                escapeTo(sb, en.path(), 0, en.path().length, true);
                sb.append('\n');
                out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** {@code casync mtree}: one mtree(5) line per node, regular files with their payload digest. */
    public static void mtree(CatarDecoder d, OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder(512);
        byte[] chunk = new byte[1 << 16];
        MessageDigest md = null;
        for (CatarEvent e = d.next(); e != null; e = d.next()) {
            if (!(e instanceof CatarEvent.Entry en)) {
                continue;
            }
            EntryMetadata m = en.meta();
            long f = m.features().bits();
            sb.setLength(0);
            escapeTo(sb, en.path(), 0, en.path().length, true);
            sb.append(switch (m.type()) {
                case CatarFormat.S_IFLNK -> " type=link";
                case CatarFormat.S_IFDIR -> " type=dir";
                case CatarFormat.S_IFREG -> " type=file";
                case CatarFormat.S_IFSOCK -> " type=socket";
                case CatarFormat.S_IFCHR -> " type=char";
                case CatarFormat.S_IFBLK -> " type=block";
                case CatarFormat.S_IFIFO -> " type=fifo";
                default -> "";
            });
            sb.append(String.format(" mode=%04o", m.mode() & 07777));
            if (m.isRegular()) {
                sb.append(" size=").append(Long.toUnsignedString(m.payloadSize()));
            }
            if (m.symlinkTarget() != null) {
                sb.append(" link=");
                escapeTo(sb, m.symlinkTarget(), 0, m.symlinkTarget().length, false);
            }
            if (m.isDevice()) {
                sb.append(" device=linux,").append(m.deviceMajor()).append(',').append(m.deviceMinor());
            }
            boolean ids = (f & FeatureFlags.UID_BITS) != 0;
            if (ids) {
                sb.append(" uid=").append(m.uid()).append(" gid=").append(m.gid());
            }
            if ((f & FeatureFlags.WITH_USER_NAMES) != 0) {
                byte[] u = m.user() != null ? m.user() : ids && m.uid() == 0 ? ROOT : null;
                byte[] g = m.group() != null ? m.group() : ids && m.gid() == 0 ? ROOT : null;
                if (u != null) {
                    sb.append(" uname=");
                    escapeTo(sb, u, 0, u.length, false);
                }
                if (g != null) {
                    sb.append(" gname=");
                    escapeTo(sb, g, 0, g.length, false);
                }
            }
            long shown = FeatureFlags.WITH_FLAG_HIDDEN | FeatureFlags.WITH_FLAG_SYSTEM | FeatureFlags.WITH_FLAG_ARCHIVE
                    | FeatureFlags.WITH_FLAG_APPEND | FeatureFlags.WITH_FLAG_NODUMP | FeatureFlags.WITH_FLAG_IMMUTABLE;
            if ((f & shown) != 0) {
                sb.append(" flags=");
                String comma = "";
                boolean hasFlags = m.isRegular() || m.isDirectory();
                for (int i = 0; i < FLAG_BITS.length; i++) {
                    if ((f & FLAG_BITS[i]) == 0) {
                        continue;
                    }
                    // casync reports "all set" for nodes that cannot carry flags (its unset value is ~0)
                    boolean b = !hasFlags || (m.flags() & f & FLAG_BITS[i]) != 0;
                    sb.append(comma).append(b ? "" : "no").append(FLAG_NAMES[i]);
                    comma = ",";
                }
            }
            if ((f & FeatureFlags.TIME_BITS) != 0) {
                sb.append(" time=").append(Long.toUnsignedString(Long.divideUnsigned(m.mtimeNanos(), 1_000_000_000L)))
                        .append(String.format(".%09d", Long.remainderUnsigned(m.mtimeNanos(), 1_000_000_000L)));
            }
            if (m.isRegular()) {
                if (md == null) {
                    md = digest(m.features());
                }
                md.reset();
                int n;
                while ((n = d.readPayload(chunk, 0, chunk.length)) > 0) {
                    md.update(chunk, 0, n);
                }
                sb.append(m.features().has(FeatureFlags.SHA512_256) ? " sha512256digest=" : " sha256digest=")
                        .append(HexFormat.of().formatHex(md.digest()));
            }
            sb.append('\n');
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static final byte[] ROOT = {'r', 'o', 'o', 't'};
    private static final long[] FLAG_BITS = {FeatureFlags.WITH_FLAG_HIDDEN, FeatureFlags.WITH_FLAG_SYSTEM,
        FeatureFlags.WITH_FLAG_ARCHIVE, FeatureFlags.WITH_FLAG_APPEND, FeatureFlags.WITH_FLAG_NODUMP,
        FeatureFlags.WITH_FLAG_IMMUTABLE};
    private static final String[] FLAG_NAMES = {"hidden", "system", "archive", "sappend", "nodump", "simmutable"};

    static MessageDigest digest(FeatureFlags f) {
        try {
            return MessageDigest.getInstance(f.digestAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** casync's digest line for an archive stream: the hex digest followed by a newline. */
    public static String digestLine(byte[] digest) {
        return HexFormat.of().formatHex(digest) + "\n";
    }

    /** mtree_escape: bytes <= ' ', >= 127, '\\' and '#' become \ooo. An empty path renders as ".". */
    static void escapeTo(StringBuilder sb, byte[] b, int off, int len, boolean emptyIsDot) {
        if (len == 0 && emptyIsDot) {
            sb.append('.');
            return;
        }
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            if (c <= ' ' || c >= 127 || c == '\\' || c == '#') {
                sb.append('\\').append((char) ('0' + c / 64)).append((char) ('0' + (c / 8) % 8)).append((char) ('0' + c % 8));
            } else {
                sb.append((char) c);
            }
        }
    }

    /** ls -l style mode string (util.c ls_format_mode). */
    static String lsMode(long m) {
        char[] r = new char[10];
        r[0] = switch ((int) (m & CatarFormat.S_IFMT)) {
            case CatarFormat.S_IFSOCK -> 's';
            case CatarFormat.S_IFDIR -> 'd';
            case CatarFormat.S_IFREG -> '-';
            case CatarFormat.S_IFBLK -> 'b';
            case CatarFormat.S_IFCHR -> 'c';
            case CatarFormat.S_IFLNK -> 'l';
            case CatarFormat.S_IFIFO -> 'p';
            default -> '?';
        };
        r[1] = (m & 0400) != 0 ? 'r' : '-';
        r[2] = (m & 0200) != 0 ? 'w' : '-';
        r[3] = (m & 04000) != 0 ? ((m & 0100) != 0 ? 's' : 'S') : ((m & 0100) != 0 ? 'x' : '-');
        r[4] = (m & 040) != 0 ? 'r' : '-';
        r[5] = (m & 020) != 0 ? 'w' : '-';
        r[6] = (m & 02000) != 0 ? ((m & 010) != 0 ? 's' : 'S') : ((m & 010) != 0 ? 'x' : '-');
        r[7] = (m & 04) != 0 ? 'r' : '-';
        r[8] = (m & 02) != 0 ? 'w' : '-';
        boolean dir = (m & CatarFormat.S_IFMT) == CatarFormat.S_IFDIR;
        r[9] = dir && (m & 01000) != 0 ? ((m & 01) != 0 ? 't' : 'T') : ((m & 01) != 0 ? 'x' : '-');
        return new String(r);
    }
}
