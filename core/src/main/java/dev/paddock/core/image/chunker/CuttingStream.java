package dev.paddock.core.image.chunker;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes written here come out cut into chunks by the chunker, in stream order, each as a region of one
 * reused buffer (copy it to keep it). {@link #close()} hands over the last, shorter chunk.
 */
public abstract class CuttingStream extends OutputStream {
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
            if (filled == buf.length) {
                int keep = filled - chunkStart;
                System.arraycopy(buf, chunkStart, buf, 0, keep);
                chunkStart = 0;
                filled = keep;
            }
            int n = Math.min(len, buf.length - filled);
            System.arraycopy(b, off, buf, filled, n);
            filled += n;
            off += n;
            len -= n;
            int cut;
            while ((cut = chunker.scan(buf, chunkStart, filled - chunkStart)) > 0) {
                emit(cut);
            }
        }
    }

    private void emit(int len) throws IOException {
        int from = chunkStart;
        long at = streamOffset;
        chunkStart += len;
        streamOffset += len;
        chunk(buf, from, len, at);
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
                emit(filled - chunkStart);
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
