package dev.paddock.core.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

/**
 * Compresses and decompresses chunk payloads. One instance per thread: it keeps native zstd contexts
 * and direct buffers so the hot path allocates nothing but the result.
 *
 * <p>zstd output is byte-identical to casync's: level 3, fed through the streaming API
 * (compress-continue, then end) so the frame carries no content size, as {@code ZSTD_initCStream}
 * writes it.
 */
public final class ChunkCodec implements AutoCloseable {
    /** No chunk, compressed or not, may exceed casync's hard limit. */
    public static final int LIMIT = 128 * 1024 * 1024;
    public static final int ZSTD_LEVEL = 3;

    private ZstdCompressCtx zc;
    private ZstdDecompressCtx zd;
    private ByteBuffer src;
    private ByteBuffer dst;

    /** The stored bytes of {@code data[off, off+len)} under {@code compression}. */
    public byte[] compress(Compression compression, byte[] data, int off, int len) throws IOException {
        switch (compression) {
            case NONE:
                return java.util.Arrays.copyOfRange(data, off, off + len);
            case ZSTD:
                return zstd(data, off, len);
            case XZ: {
                ByteArrayOutputStream out = new ByteArrayOutputStream(len / 2 + 64);
                try (OutputStream xz = new XZOutputStream(out, new LZMA2Options(LZMA2Options.PRESET_DEFAULT), XZ.CHECK_CRC64)) {
                    xz.write(data, off, len);
                }
                return out.toByteArray();
            }
            case GZIP: {
                ByteArrayOutputStream out = new ByteArrayOutputStream(len / 2 + 64);
                try (OutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
                    gz.write(data, off, len);
                }
                return out.toByteArray();
            }
            default:
                throw new IllegalArgumentException(compression.name());
        }
    }

    /**
     * The stored bytes of a direct buffer's {@code [position, limit)}, which it consumes. For zstd the
     * result is this codec's own output buffer, valid until its next call; no byte goes through the heap.
     */
    public ByteBuffer compress(Compression compression, ByteBuffer direct) throws IOException {
        if (compression == Compression.ZSTD && direct.isDirect()) {
            return zstd(direct);
        }
        byte[] data = Buffers.drain(direct);
        return ByteBuffer.wrap(compress(compression, data, 0, data.length));
    }

    private byte[] zstd(byte[] data, int off, int len) {
        if (src == null || src.capacity() < len) {
            src = ByteBuffer.allocateDirect(Math.max(len, 256 * 1024));
        }
        src.clear();
        src.put(data, off, len).flip();
        return Buffers.drain(zstd(src));
    }

    private ByteBuffer zstd(ByteBuffer in) {
        if (zc == null) {
            zc = new ZstdCompressCtx();
            zc.setLevel(ZSTD_LEVEL);
        }
        int bound = (int) Zstd.compressBound(in.remaining());
        if (dst == null || dst.capacity() < bound) {
            dst = ByteBuffer.allocateDirect(Math.max(bound, (int) Zstd.compressBound(256 * 1024)));
        }
        dst.clear();
        while (in.hasRemaining()) {
            zc.compressDirectByteBufferStream(dst, in, EndDirective.CONTINUE);
        }
        while (!zc.compressDirectByteBufferStream(dst, in, EndDirective.END)) {
            // dst is sized by compressBound, so one round always suffices; loop for safety
            if (!dst.hasRemaining()) {
                throw new IllegalStateException("zstd output exceeded its bound");
            }
        }
        return dst.flip();
    }

    /**
     * Decodes a stored chunk file's bytes. {@code compressedName} says whether it came from a
     * {@code .cacnk} file (then the magic bytes pick the codec) or a suffix-less, uncompressed one.
     * {@code expectedSize} (or -1 if unknown) lets zstd decode in one step into an exact-size array.
     */
    public byte[] decompress(byte[] stored, boolean compressedName, int expectedSize) throws IOException {
        if (!compressedName) {
            return stored;
        }
        Compression c = Compression.detect(stored, stored.length);
        if (c == null) {
            throw new IOException("unknown compression (no zstd, xz or gzip magic)");
        }
        switch (c) {
            case ZSTD:
                if (expectedSize >= 0) {
                    if (zd == null) {
                        zd = new ZstdDecompressCtx();
                    }
                    byte[] out = new byte[expectedSize];
                    try {
                        int n = zd.decompressByteArray(out, 0, expectedSize, stored, 0, stored.length);
                        if (n != expectedSize) {
                            throw new IOException("decompressed to " + n + " bytes, expected " + expectedSize);
                        }
                    } catch (ZstdException e) {
                        zd.reset();
                        throw new IOException("zstd: " + e.getMessage(), e);
                    }
                    return out;
                }
                return readAll(new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(stored)));
            case XZ:
                return readAll(new XZInputStream(new ByteArrayInputStream(stored)));
            case GZIP:
                return readAll(new GZIPInputStream(new ByteArrayInputStream(stored)));
            default:
                throw new IOException("unexpected compression " + c);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            byte[] out = in.readNBytes(LIMIT);
            if (in.read() >= 0) {
                throw new IOException("decompresses to more than 128 MiB");
            }
            return out;
        } catch (ZstdException e) {
            throw new IOException("zstd: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (zc != null) {
            zc.close();
        }
        if (zd != null) {
            zd.close();
        }
    }
}
