package dev.paddock.core.store;

/**
 * Turns a chunk as stored (compressed or not) into its verified bytes: decompressed, checked against
 * the size the index records and hashed against its id. Every store's {@code get} ends here, so a bad
 * copy is a {@link CorruptChunkException} naming the chunk and where it was read, whatever the store.
 * Safe for concurrent use (one codec and hasher per thread).
 */
public final class ChunkVerifier {
    private final ThreadLocal<ChunkCodec> codecs = ThreadLocal.withInitial(ChunkCodec::new);
    private final ThreadLocal<ChunkDigest.Hasher> hashers;

    public ChunkVerifier(ChunkDigest digest) {
        this.hashers = ThreadLocal.withInitial(digest::newHasher);
    }

    /**
     * @param expectedSize the size the index records, or -1 if unknown
     * @param where the file or URL the bytes came from, for the message
     */
    public byte[] verify(ChunkId id, byte[] stored, boolean compressed, int expectedSize, String where) throws CorruptChunkException {
        byte[] data;
        try {
            data = codecs.get().decompress(stored, compressed, expectedSize);
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
