package dev.paddock.core.store;

import java.util.concurrent.atomic.AtomicLong;

/** Where the chunks an operation read came from; thread-safe counters, one instance per operation. */
public final class TransferStats {
    /** A consistent-enough copy of the counters; bytes are uncompressed chunk bytes. */
    public record Snapshot(long cacheChunks, long cacheBytes, long seedChunks, long seedBytes, long storeChunks,
                           long storeBytes) {
        public long chunks() {
            return cacheChunks + seedChunks + storeChunks;
        }

        public long bytes() {
            return cacheBytes + seedBytes + storeBytes;
        }
    }

    private final AtomicLong cacheChunks = new AtomicLong();
    private final AtomicLong cacheBytes = new AtomicLong();
    private final AtomicLong seedChunks = new AtomicLong();
    private final AtomicLong seedBytes = new AtomicLong();
    private final AtomicLong storeChunks = new AtomicLong();
    private final AtomicLong storeBytes = new AtomicLong();

    void fromCache(long bytes) {
        cacheChunks.incrementAndGet();
        cacheBytes.addAndGet(bytes);
    }

    /** Public because seeds are read outside this package (image extraction), unlike stores and caches. */
    public void fromSeed(long bytes) {
        seedChunks.incrementAndGet();
        seedBytes.addAndGet(bytes);
    }

    void fromStore(long bytes) {
        storeChunks.incrementAndGet();
        storeBytes.addAndGet(bytes);
    }

    public Snapshot snapshot() {
        return new Snapshot(cacheChunks.get(), cacheBytes.get(), seedChunks.get(), seedBytes.get(), storeChunks.get(),
                storeBytes.get());
    }
}
