package dev.paddock.core.image.make;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.paddock.core.concurrent.Pools;
import dev.paddock.core.concurrent.WorkerFailure;
import dev.paddock.core.image.chunker.Chunker;
import dev.paddock.core.image.chunker.CuttingStream;
import dev.paddock.core.image.index.IndexWriter;
import dev.paddock.core.store.ChunkCodec;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.Compression;

/**
 * The make pipeline behind an OutputStream: bytes written here (a catar stream or a blob) are cut by
 * the chunker on the writing thread; hashing, compression and storing run on a worker pool with a
 * bounded number of chunks in flight; results are committed to the index in stream order.
 * {@link #close()} flushes the last chunk and waits for everything; {@link #result()} then says what
 * happened.
 */
public final class ChunkingSink extends CuttingStream {
    /** How long an abort waits for workers: one chunk's hash, compression and write, with room to spare. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private record Done(ChunkId id, int size, boolean written, long storedBytes) {}

    private final ChunkStore store;
    private final ChunkDigest digest;
    private final Compression compression;
    private final IndexWriter index;
    private final MakeProgress progress;
    private final ExecutorService workers;
    private final int maxInFlight;
    private final ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
    private final Set<ChunkId> claimed = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<ChunkCodec> codecs = ThreadLocal.withInitial(ChunkCodec::new);
    private final ThreadLocal<ChunkDigest.Hasher> hashers;

    private boolean closed;
    private long chunks, reused, written, bytes, storedBytes;
    private MakeResult result;

    public ChunkingSink(Chunker chunker, ChunkStore store, MakeOptions options, IndexWriter index, MakeProgress progress) {
        super(chunker);
        this.store = store;
        this.digest = options.digest();
        this.compression = options.compression();
        this.index = index;
        this.progress = progress;
        int threads = Math.max(1, options.threads());
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "paddock-chunk-worker");
            t.setDaemon(true);
            return t;
        });
        this.maxInFlight = 4 * threads + 4;
        this.hashers = ThreadLocal.withInitial(digest::newHasher);
    }

    @Override
    protected void chunk(byte[] buf, int off, int len, long offset) throws IOException {
        byte[] data = Arrays.copyOfRange(buf, off, off + len);
        while (inFlight.size() >= maxInFlight) {
            commitOldest();
        }
        inFlight.add(workers.submit(() -> process(data)));
    }

    private Done process(byte[] data) throws IOException {
        ChunkId id = hashers.get().hash(data, 0, data.length);
        if (!claimed.add(id) || store.has(id)) {
            return new Done(id, data.length, false, 0);
        }
        byte[] stored = codecs.get().compress(compression, data, 0, data.length);
        boolean isNew = store.put(id, stored, compression);
        return new Done(id, data.length, isNew, isNew ? stored.length : 0);
    }

    private void commitOldest() throws IOException {
        Done d;
        try {
            d = inFlight.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while making the image");
        } catch (ExecutionException e) {
            WorkerFailure.rethrow(e.getCause());
            throw new IOException(e);
        }
        index.add(d.id(), d.size());
        chunks++;
        bytes += d.size();
        if (d.written()) {
            written++;
            storedBytes += d.storedBytes();
        } else {
            reused++;
        }
        progress.update(bytes, chunks);
    }

    /** Cuts the final chunk, waits for all workers and writes the index tail. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            super.close();
            while (!inFlight.isEmpty()) {
                commitOldest();
            }
            index.finish();
            result = new MakeResult(chunks, reused, written, bytes, storedBytes);
        } finally {
            abort();
        }
    }

    /**
     * Stops the workers without committing anything further (on error paths) and waits for them, so
     * that a chunk being written has removed its temporary file before the caller exits.
     */
    public void abort() {
        closed = true;
        for (Future<Done> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        Pools.stopAndWait(workers, STOP_WAIT);
        discard();
    }

    public MakeResult result() {
        if (result == null) {
            throw new IllegalStateException("the sink was not closed successfully");
        }
        return result;
    }
}
