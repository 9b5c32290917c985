package dev.paddock.core.image.make;

/** Little-endian field encoding for the make cache's digests and file. */
final class Bytes {
    private Bytes() {}

    static int putLong(byte[] b, int p, long v) {
        for (int i = 0; i < 8; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
        return p + 8;
    }

    static int putInt(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
        return p + 4;
    }
}
