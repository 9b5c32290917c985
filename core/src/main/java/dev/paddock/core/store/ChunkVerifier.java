package dev.paddock.core.store;

/**
 * Decodes a stored chunk and checks it against its id (and the size the index records), the one
 * check every store's {@code get} makes. Safe for concurrent use: each thread gets its own codec and
 * hasher.
 */
final class ChunkVerifier {
    private final ThreadLocal<ChunkCodec> codecs = ThreadLocal.withInitial(ChunkCodec::new);
    private final ThreadLocal<ChunkDigest.Hasher> hashers;

    ChunkVerifier(ChunkDigest digest) {
        this.hashers = ThreadLocal.withInitial(digest::newHasher);
    }

    /**
     * The chunk's uncompressed bytes.
     *
     * @param compressedName whether {@code stored} came from a {@code .cacnk} name
     * @param where the file or URL it came from, for the message
     * @throws CorruptChunkException if it does not decode, has the wrong size or hashes to another id
     */
    byte[] decode(ChunkId id, byte[] stored, boolean compressedName, int expectedSize, String where) throws CorruptChunkException {
        byte[] data;
        try {
            data = codecs.get().decompress(stored, compressedName, expectedSize);
        } catch (java.io.IOException | RuntimeException e) {
            throw new CorruptChunkException(id, where, e.getMessage(), e);
        }
        if (expectedSize >= 0 && data.length != expectedSize) {
            throw new CorruptChunkException(id, where, "holds " + data.length + " bytes, the index says " + expectedSize, null);
        }
        ChunkId actual = hashers.get().hash(data, 0, data.length);
        if (!actual.equals(id)) {
            throw new CorruptChunkException(id, where, "its content hashes to " + actual.hex(), null);
        }
        return data;
    }
}
