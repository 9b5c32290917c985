package dev.paddock.core.image.chunker;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes written here come out cut into chunks by the chunker, in stream order, each as a region of an
 * array that is valid only during the call (copy it to keep it): the caller's own array where a chunk
 * lies wholly within one write, this stream's buffer where it spans writes. {@link #close()} hands over
 * the last, shorter chunk.
 *
 * <p>Only the bytes of a chunk that spans writes are copied, so with 1 MiB writes and 64 KiB chunks
 * about a tenth of the stream is, instead of all of it: the chunker's state is relative to the start
 * of the current chunk, whichever array holds it.
 */
public abstract class CuttingStream extends OutputStream {
    /** How much of the next write a chunk that spans writes takes in at a time. */
    private static final int STEP = 64 * 1024;

    private final Chunker chunker;
    private byte[] buf;
    private int chunkStart;
    private int filled;
    private long streamOffset;
    private boolean closed;

    protected CuttingStream(Chunker chunker) {
        this.chunker = chunker;
        long max = chunker.sizes().max();
        this.buf = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(4L << 20, 2 * max + (1 << 20)))];
    }

    /** One chunk: {@code buf[off, off+len)}, starting at {@code offset} in the stream. */
    protected abstract void chunk(byte[] buf, int off, int len, long offset) throws IOException;

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("chunking stream is closed");
        }
        while (len > 0) {
            if (filled == chunkStart) {
                // Nothing carried over: cut in the caller's array, and keep only the unfinished chunk.
                int cut = chunker.scan(b, off, len);
                if (cut > 0) {
                    emit(b, off, cut);
                    off += cut;
                    len -= cut;
                    continue;
                }
                ensureRoom(len);
                System.arraycopy(b, off, buf, filled, len);
                filled += len;
                return;
            }
            // A chunk spans writes: take in a step of this one and look for its end there.
            ensureRoom(Math.min(len, STEP));
            int n = Math.min(Math.min(len, STEP), buf.length - filled);
            System.arraycopy(b, off, buf, filled, n);
            filled += n;
            int cut = chunker.scan(buf, chunkStart, filled - chunkStart);
            if (cut > 0) {
                emit(buf, chunkStart, cut);
                // The step's bytes after the cut are still in the caller's array: cut them there.
                int after = filled - chunkStart;
                filled = chunkStart;
                n -= after;
            }
            off += n;
            len -= n;
        }
    }

    /** Makes room for {@code n} more bytes after the unfinished chunk, moving it to the buffer's start. */
    private void ensureRoom(int n) {
        if (buf.length - filled >= n || chunkStart == 0) {
            return;
        }
        int keep = filled - chunkStart;
        System.arraycopy(buf, chunkStart, buf, 0, keep);
        chunkStart = 0;
        filled = keep;
    }

    private void emit(byte[] from, int at, int len) throws IOException {
        long offset = streamOffset;
        streamOffset += len;
        if (from == buf) {
            chunkStart += len;
        }
        chunk(from, at, len, offset);
    }

    /** Hands over the final chunk (if any bytes are left) and releases the buffer. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filled > chunkStart) {
                chunker.reset();
                emit(buf, chunkStart, filled - chunkStart);
            }
        } finally {
            buf = new byte[0];
        }
    }

    /**
     * True while {@link #close()} hands over the last chunk: that one was cut by the end of input, not
     * by the chunker, so it says nothing about where a longer stream would be cut.
     */
    protected boolean closing() {
        return closed;
    }

    /** Stops without handing over anything further (on error paths). */
    protected void discard() {
        closed = true;
        buf = new byte[0];
    }
}
