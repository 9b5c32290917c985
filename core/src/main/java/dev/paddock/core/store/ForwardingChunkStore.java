package dev.paddock.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * A store that hands every call to the store behind it; wrappers (counting, caching, seeding) extend
 * it and override only what they change, so a call added to {@link ChunkStore} reaches the real
 * store through every wrapper instead of silently taking the interface's default.
 */
public abstract class ForwardingChunkStore implements ChunkStore {
    protected final ChunkStore behind;

    protected ForwardingChunkStore(ChunkStore behind) {
        this.behind = behind;
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        return behind.has(id);
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        return behind.get(id, expectedSize);
    }

    @Override
    public boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException {
        return behind.put(id, stored, compression);
    }

    @Override
    public boolean put(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        return behind.put(id, stored, compression);
    }

    @Override
    public boolean putAbsent(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        return behind.putAbsent(id, stored, compression);
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        return behind.delete(id);
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        return behind.storedSize(id);
    }

    @Override
    public Stream<ChunkId> list() throws IOException {
        return behind.list();
    }

    @Override
    public TempSweep sweepTemporaries(Instant cutoff, boolean dryRun) throws IOException {
        return behind.sweepTemporaries(cutoff, dryRun);
    }

    @Override
    public StoreInventory inventory(Instant tempCutoff, boolean dryRun) throws IOException {
        return behind.inventory(tempCutoff, dryRun);
    }

    @Override
    public String location() {
        return behind.location();
    }

    /** Closes the store behind; a wrapper that does not own it overrides this. */
    @Override
    public void close() throws IOException {
        behind.close();
    }
}
