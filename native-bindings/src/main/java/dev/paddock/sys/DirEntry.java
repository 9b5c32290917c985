package dev.paddock.sys;

import java.nio.charset.StandardCharsets;

/**
 * One name from a directory listing. The name is raw bytes: Linux names need not be valid UTF-8.
 * {@code type} is the d_type (DT_*), DT_UNKNOWN on filesystems that do not fill it.
 */
public record DirEntry(byte[] name, long ino, int type) {
    public static final int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10,
            DT_SOCK = 12;

    public boolean isDirectory() { return type == DT_DIR; }

    /** The name for messages; undecodable bytes become U+FFFD. Never use this to reach the file. */
    public String displayName() {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return displayName();
    }
}
