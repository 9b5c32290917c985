package dev.paddock.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Several stores read as one: the first store that has a chunk intact wins. A corrupt copy in one
 * store does not fail the read while a later store has a good one; only when no store can supply it
 * does the read fail, as corrupt (naming the bad copy) if any store held one, else as missing from
 * the whole chain. Writes go to the first store.
 */
public final class ChainStore implements ChunkStore {
    private final List<ChunkStore> stores;

    public ChainStore(List<ChunkStore> stores) {
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("a store chain needs at least one store");
        }
        this.stores = List.copyOf(stores);
    }

    public List<ChunkStore> stores() {
        return stores;
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        for (ChunkStore s : stores) {
            if (s.has(id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        CorruptChunkException corrupt = null;
        for (ChunkStore s : stores) {
            try {
                return s.get(id, expectedSize);
            } catch (MissingChunkException e) {
                // try the next store
            } catch (CorruptChunkException e) {
                if (corrupt == null) {
                    corrupt = e;
                } else {
                    corrupt.addSuppressed(e);
                }
            }
        }
        if (corrupt != null) {
            throw corrupt;
        }
        throw new MissingChunkException(id, location());
    }

    @Override
    public boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException {
        return stores.get(0).put(id, stored, compression);
    }

    @Override
    public boolean put(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        return stores.get(0).put(id, stored, compression);
    }

    @Override
    public boolean putAbsent(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        return stores.get(0).putAbsent(id, stored, compression);
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        long freed = -1;
        for (ChunkStore s : stores) {
            long n = s.delete(id);
            if (n >= 0) {
                freed = Math.max(freed, 0) + n;
            }
        }
        return freed;
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        for (ChunkStore s : stores) {
            long n = s.storedSize(id);
            if (n >= 0) {
                return n;
            }
        }
        return -1;
    }

    @Override
    public TempSweep sweepTemporaries(Instant cutoff, boolean dryRun) throws IOException {
        TempSweep all = TempSweep.NONE;
        for (ChunkStore s : stores) {
            all = all.plus(s.sweepTemporaries(cutoff, dryRun));
        }
        return all;
    }

    @Override
    public StoreInventory inventory(Instant tempCutoff, boolean dryRun) throws IOException {
        List<StoreInventory> all = new ArrayList<>();
        try {
            for (ChunkStore s : stores) {
                all.add(s.inventory(tempCutoff, dryRun));
            }
        } catch (IOException | RuntimeException e) {
            all.forEach(StoreInventory::close);
            throw e;
        }
        TempSweep swept = all.stream().map(StoreInventory::temporaries).reduce(TempSweep.NONE, TempSweep::plus);
        Stream<ChunkId> ids = all.stream().flatMap(StoreInventory::ids).distinct();
        return new StoreInventory(ids.onClose(() -> all.forEach(StoreInventory::close)), swept);
    }

    @Override
    public Stream<ChunkId> list() throws IOException {
        List<Stream<ChunkId>> all = new ArrayList<>();
        try {
            for (ChunkStore s : stores) {
                all.add(s.list());
            }
        } catch (IOException | RuntimeException e) {
            all.forEach(Stream::close);
            throw e;
        }
        Stream<ChunkId> joined = all.stream().flatMap(s -> s).distinct();
        return joined.onClose(() -> all.forEach(Stream::close));
    }

    @Override
    public String location() {
        return stores.stream().map(ChunkStore::location).collect(Collectors.joining(", "));
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ChunkStore s : stores) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
