package dev.paddock.core.image.make;

import java.util.Arrays;

import dev.paddock.core.store.ChunkDigest;

/**
 * The make cache's description of a stretch of the stream: the plain bytes of metadata (and of payloads
 * not described by file) and, for described payloads, the file's key with the offset and length of
 * the part inside the stretch. Equal digests mean equal bytes for as long as the file keys hold.
 *
 * <p>Adjacent pieces of the same kind are merged (a run of bytes, a contiguous part of one file), so
 * the digest does not depend on how the stream was cut into writes. Each run ends with its length and
 * a tag, which keeps the encoding unambiguous when read from the end.
 */
final class StretchDigest {
    /** OpenSSL's SHA-256 when it loads: image commands run on C1, which has no intrinsic for the JDK's. */
    private final ChunkDigest.Hasher sha = ChunkDigest.SHA256.newHasher();
    private final byte[] scratch = new byte[FileKey.ENCODED + 17];
    /** The encoded stretch so far; at most about a chunk, since payloads are described by file. */
    private byte[] encoded = new byte[4096];
    private int length;
    private long bytesRun;
    private FileKey file;
    private long fileOffset, fileLength;

    void bytes(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        endFile();
        append(b, off, len);
        bytesRun += len;
    }

    void file(FileKey key, long offset, long length) {
        if (length <= 0) {
            return;
        }
        endBytes();
        if (file != null && file.equals(key) && fileOffset + fileLength == offset) {
            fileLength += length;
            return;
        }
        endFile();
        file = key;
        fileOffset = offset;
        fileLength = length;
    }

    /** The digest of everything since the last finish; starts the next one. */
    byte[] finish() {
        endBytes();
        endFile();
        byte[] d = sha.hash(encoded, 0, length).bytes();
        length = 0;
        return d;
    }

    private void append(byte[] b, int off, int len) {
        if (length + len > encoded.length) {
            encoded = Arrays.copyOf(encoded, Math.max(2 * encoded.length, length + len));
        }
        System.arraycopy(b, off, encoded, length, len);
        length += len;
    }

    private void endBytes() {
        if (bytesRun > 0) {
            int p = Bytes.putLong(scratch, 0, bytesRun);
            scratch[p++] = 'B';
            append(scratch, 0, p);
            bytesRun = 0;
        }
    }

    private void endFile() {
        if (file != null) {
            int p = file.encode(scratch, 0);
            p = Bytes.putLong(scratch, p, fileOffset);
            p = Bytes.putLong(scratch, p, fileLength);
            scratch[p++] = 'F';
            append(scratch, 0, p);
            file = null;
        }
    }
}
