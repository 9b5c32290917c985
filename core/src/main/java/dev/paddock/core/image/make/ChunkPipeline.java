package dev.paddock.core.image.make;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.paddock.core.concurrent.Pools;
import dev.paddock.core.concurrent.WorkerFailure;
import dev.paddock.core.image.index.IndexWriter;
import dev.paddock.core.store.ChunkCodec;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.Compression;

/**
 * The back half of make: chunks handed in (in stream order, from one thread) are hashed, compressed and
 * stored on a worker pool with a bounded number in flight, and committed to the index in stream order.
 * A chunk whose id is already known goes straight to the commit queue. Each chunk may carry an action
 * that runs when it is committed, with its id, on the submitting thread.
 */
final class ChunkPipeline {
    /** How long an abort waits for workers: one chunk's hash, compression and write, with room to spare. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private record Done(ChunkId id, int size, boolean written, long storedBytes) {}

    /** {@code withData}: a chunk whose bytes are held until a worker is done with them. */
    private record Pending(Future<Done> done, Consumer<ChunkId> onCommit, boolean withData) {}

    /**
     * Known chunks hold no bytes, so they do not count against the workers' limit; a re-make would
     * otherwise stall behind every changed chunk being compressed. This only bounds their queue.
     */
    private static final int MAX_QUEUED = 1 << 14;
    /** What the chunks in flight may hold at their largest. */
    private static final long IN_FLIGHT_BYTES = 48L << 20;

    private final ChunkStore store;
    private final ChunkDigest digest;
    private final Compression compression;
    private final IndexWriter index;
    private final MakeProgress progress;
    private final ExecutorService workers;
    private final int maxInFlight;
    private int withData;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final Set<ChunkId> claimed = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<ChunkCodec> codecs = ThreadLocal.withInitial(ChunkCodec::new);
    private final ThreadLocal<ChunkDigest.Hasher> hashers;
    /**
     * Direct buffers for the chunks in flight, back from the workers: with at most {@code maxInFlight}
     * out at a time, a make allocates that many once instead of a heap copy of every chunk, and its
     * bytes reach libcrypto, zstd and write(2) without another copy.
     */
    private final Queue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
    private final int bufferSize;

    private long chunks, reused, written, bytes, storedBytes, fromCache;
    private MakeResult result;

    ChunkPipeline(ChunkStore store, MakeOptions options, IndexWriter index, MakeProgress progress) {
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
        // Chunks commit in stream order, so one slow chunk at the head holds back all behind it: enough
        // of them in flight that the workers stay busy meanwhile (measured: 4 per worker left them idle
        // ~20% of a make's small-file stretches), within a bound on their buffers' memory.
        long max = options.chunkSizes().max();
        this.maxInFlight = (int) Math.min(16L * threads + 4, Math.max(2L * threads + 2, IN_FLIGHT_BYTES / max));
        this.hashers = ThreadLocal.withInitial(digest::newHasher);
        this.bufferSize = (int) Math.min(max, 1 << 20);
    }

    /**
     * A chunk to hash and store: {@code buf[off, off+len)}, copied before this returns into a direct
     * buffer from the pipeline's pool, which the worker hashes, compresses and writes in place.
     */
    void submit(byte[] buf, int off, int len, Consumer<ChunkId> onCommit) throws IOException {
        while (withData >= maxInFlight) {
            commitOldest();
        }
        ByteBuffer data = buffers.poll();
        if (data == null || data.capacity() < len) {
            data = ByteBuffer.allocateDirect(Math.max(len, bufferSize));
        }
        data.clear();
        data.put(buf, off, len).flip();
        ByteBuffer chunk = data;
        withData++;
        inFlight.add(new Pending(workers.submit(() -> process(chunk)), onCommit, true));
        commitFinished();
    }

    /** A chunk whose id is known and which the store holds (or an earlier chunk of this run writes). */
    void known(ChunkId id, int size, Consumer<ChunkId> onCommit) throws IOException {
        while (inFlight.size() >= MAX_QUEUED) {
            commitOldest();
        }
        fromCache++;
        inFlight.add(new Pending(CompletableFuture.completedFuture(new Done(id, size, false, 0)), onCommit, false));
        commitFinished();
    }

    /** Whether the chunk is in the store, or being written to it by this run. */
    boolean available(ChunkId id) throws IOException {
        return claimed.contains(id) || store.has(id);
    }

    /** Commits the chunks at the head of the queue that are done, without waiting for any. */
    private void commitFinished() throws IOException {
        while (!inFlight.isEmpty() && inFlight.peekFirst().done().isDone()) {
            commitOldest();
        }
    }

    private Done process(ByteBuffer data) throws IOException {
        try {
            int size = data.remaining();
            ChunkId id = hashers.get().hash(data, size);
            if (!claimed.add(id) || store.has(id)) {
                return new Done(id, size, false, 0);
            }
            ByteBuffer stored = codecs.get().compress(compression, data);
            int storedSize = stored.remaining();
            boolean isNew = store.putAbsent(id, stored, compression);
            return new Done(id, size, isNew, isNew ? storedSize : 0);
        } finally {
            buffers.offer(data);
        }
    }

    private void commitOldest() throws IOException {
        Pending p = inFlight.removeFirst();
        if (p.withData()) {
            withData--;
        }
        Done d;
        try {
            d = p.done().get();
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
        if (p.onCommit() != null) {
            p.onCommit().accept(d.id());
        }
        progress.update(bytes, chunks);
    }

    /** Waits for all chunks, commits them and writes the index tail. */
    void finish() throws IOException {
        try {
            while (!inFlight.isEmpty()) {
                commitOldest();
            }
            index.finish();
            result = new MakeResult(chunks, reused, written, bytes, storedBytes, fromCache);
        } finally {
            abort();
        }
    }

    /**
     * Stops the workers without committing anything further (on error paths) and waits for them, so
     * that a chunk being written has removed its temporary file before the caller exits.
     */
    void abort() {
        for (Pending p : inFlight) {
            p.done().cancel(true);
        }
        inFlight.clear();
        Pools.stopAndWait(workers, STOP_WAIT);
    }

    MakeResult result() {
        if (result == null) {
            throw new IllegalStateException("the pipeline did not finish");
        }
        return result;
    }
}
