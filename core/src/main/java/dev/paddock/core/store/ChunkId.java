package dev.paddock.core.store;

import java.util.Arrays;
import java.util.HexFormat;

/** A chunk's 32-byte digest (of its uncompressed bytes), which is also its name in a store. */
public record ChunkId(byte[] bytes) implements Comparable<ChunkId> {
    public static final int SIZE = 32;
    private static final HexFormat HEX = HexFormat.of();

    public ChunkId {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a chunk id has 32 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    public static ChunkId parse(String hex) {
        if (hex.length() != 2 * SIZE) {
            throw new IllegalArgumentException("not a chunk id (64 hex digits): " + hex);
        }
        return new ChunkId(HEX.parseHex(hex));
    }

    /** Wraps bytes read from an index without copying them again. */
    public static ChunkId of(byte[] src, int off) {
        return new ChunkId(Arrays.copyOfRange(src, off, off + SIZE));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, SIZE);
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkId c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        // The bytes are a cryptographic digest: any four of them are a good hash already.
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public int compareTo(ChunkId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
