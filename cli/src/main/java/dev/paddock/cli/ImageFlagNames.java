package dev.paddock.cli;

import java.util.ArrayList;
import java.util.List;

/** Names of the feature flag bits, for info output (casync's --with= spellings). */
final class ImageFlagNames {
    private static final String[] NAMES = {"16bit-uids", "32bit-uids", "user-names", "sec-time", "usec-time", "nsec-time",
            "2sec-time", "read-only", "permissions", "symlinks", "device-nodes", "fifos", "sockets", "flag-hidden",
            "flag-system", "flag-archive", "flag-append", "flag-noatime", "flag-compr", "flag-nocow", "flag-nodump",
            "flag-dirsync", "flag-immutable", "flag-sync", "flag-nocomp", "flag-projinherit", "subvolume", "subvolume-ro",
            "xattrs", "acl", "selinux", "fcaps", "quota-projid"};

    private ImageFlagNames() {}

    static List<String> of(long flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1L << i)) != 0) {
                out.add(NAMES[i]);
            }
        }
        if ((flags & 0x1000000000000000L) != 0) {
            out.add("exclude-file");
        }
        if ((flags & 0x2000000000000000L) != 0) {
            out.add("sha512-256");
        }
        if ((flags & 0x4000000000000000L) != 0) {
            out.add("exclude-submounts");
        }
        if ((flags & 0x8000000000000000L) != 0) {
            out.add("exclude-nodump");
        }
        return out;
    }
}
