package dev.paddock.core.store;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * push and pull: copies the chunks a set of indexes needs from one store to another, skipping those
 * the destination already has. Each chunk is read verified (so a corrupt source chunk is never
 * spread) and stored zstd-compressed as casync writes it; the destination's put is atomic, so an
 * interrupted copy leaves only whole chunks behind and simply resumes when run again.
 */
public final class StoreCopier {
    public static final int DEFAULT_CONCURRENCY = 16;

    public record CopyResult(long chunks, long copied, long present, long bytes) {}

    private StoreCopier() {}

    public static CopyResult copy(ChunkStore from, ChunkStore to, Map<ChunkId, Integer> ids, int concurrency) throws IOException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        AtomicLong copied = new AtomicLong(), present = new AtomicLong(), bytes = new AtomicLong();
        Parallel.forEach(ids.entrySet().iterator(), concurrency, () -> new CopyTask(from, to, copied, present, bytes));
        return new CopyResult(ids.size(), copied.get(), present.get(), bytes.get());
    }

    private record CopyTask(ChunkStore from, ChunkStore to, AtomicLong copied, AtomicLong present, AtomicLong bytes, ChunkCodec codec)
            implements Parallel.Task<Map.Entry<ChunkId, Integer>>, AutoCloseable {
        CopyTask(ChunkStore from, ChunkStore to, AtomicLong copied, AtomicLong present, AtomicLong bytes) {
            this(from, to, copied, present, bytes, new ChunkCodec());
        }

        @Override
        public void run(Map.Entry<ChunkId, Integer> e) throws IOException {
            ChunkId id = e.getKey();
            if (to.has(id)) {
                present.incrementAndGet();
                return;
            }
            byte[] data = from.get(id, e.getValue());
            byte[] stored = codec.compress(Compression.ZSTD, data, 0, data.length);
            if (to.put(id, stored, Compression.ZSTD)) {
                copied.incrementAndGet();
                bytes.addAndGet(stored.length);
            } else {
                present.incrementAndGet();
            }
        }

        @Override
        public void close() {
            codec.close();
        }
    }
}
