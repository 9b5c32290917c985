package dev.paddock.core.store;

import java.util.Locale;

/** How chunk files are compressed. casync writes zstd by default and reads all of them. */
public enum Compression {
    ZSTD, XZ, GZIP, NONE;

    public static Compression parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compression '" + name + "' (use zstd, xz, gzip or none)", e);
        }
    }

    /** The compression a stored chunk file uses, from its first bytes, or null if none is recognised. */
    public static Compression detect(byte[] data, int len) {
        if (startsWith(data, len, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        if (startsWith(data, len, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (startsWith(data, len, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int len, int... magic) {
        if (len < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
