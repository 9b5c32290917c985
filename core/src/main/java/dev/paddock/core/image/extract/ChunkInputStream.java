package dev.paddock.core.image.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.paddock.core.concurrent.WorkerFailure;
import dev.paddock.core.image.index.IndexEntry;
import dev.paddock.core.store.ChunkStore;

/**
 * The stream an index describes, reassembled from the store. A pool fetches, decompresses and
 * verifies chunks ahead of the reader (at most {@code readAhead} chunks in memory); the reader gets
 * them in order. A missing or corrupt chunk surfaces as the store's exception, naming the chunk.
 */
public final class ChunkInputStream extends InputStream {
    /** Called on the reading thread as each chunk is consumed. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (bytes, chunks) -> {};

        void update(long bytesDone, long chunksDone);
    }

    private final List<IndexEntry> entries;
    private final ChunkStore store;
    private final ExecutorService pool;
    private final int readAhead;
    private final Progress progress;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private int nextToSubmit;
    private long chunksDone;
    private long bytesDone;
    private byte[] current = new byte[0];
    private int pos;
    private boolean closed;

    public ChunkInputStream(List<IndexEntry> entries, ChunkStore store, int threads, Progress progress) {
        this.entries = entries;
        this.store = store;
        this.progress = progress;
        int n = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "paddock-chunk-fetch");
            t.setDaemon(true);
            return t;
        });
        this.readAhead = 4 * n + 4;
        fill();
    }

    private void fill() {
        while (pending.size() < readAhead && nextToSubmit < entries.size()) {
            IndexEntry e = entries.get(nextToSubmit++);
            pending.add(pool.submit(() -> store.get(e.id(), e.size())));
        }
    }

    private boolean advance() throws IOException {
        if (pending.isEmpty()) {
            return false;
        }
        try {
            current = pending.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading chunks");
        } catch (ExecutionException e) {
            close();
            WorkerFailure.rethrow(e.getCause());
            throw new IOException(e);
        }
        pos = 0;
        chunksDone++;
        bytesDone += current.length;
        progress.update(bytesDone, chunksDone);
        fill();
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (pos >= current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Hands out the rest of the current chunk and then whole chunks without copying; null at the end. */
    public byte[] nextChunk() throws IOException {
        if (pos < current.length) {
            byte[] rest = pos == 0 ? current : java.util.Arrays.copyOfRange(current, pos, current.length);
            pos = current.length;
            return rest;
        }
        if (!advance()) {
            return null;
        }
        pos = current.length;
        return current;
    }

    @Override
    public int available() {
        return current.length - pos;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Future<byte[]> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        pool.shutdownNow();
    }
}
