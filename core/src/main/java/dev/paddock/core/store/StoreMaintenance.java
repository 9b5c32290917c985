package dev.paddock.core.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * gc and verify on any {@link ChunkStore}. Both only read the store through the interface, so they
 * work the same on a directory, a remote store or a chain.
 */
public final class StoreMaintenance {
    /**
     * What gc found and did; with {@code dryRun} nothing was removed and the figures say what would be.
     * {@code temporaries} are the files interrupted writers left behind.
     */
    public record GcResult(long inStore, long referenced, long removed, long removedBytes, TempSweep temporaries, boolean dryRun) {
        public long kept() {
            return inStore - removed;
        }
    }

    /** A chunk that failed verification: missing, or corrupt for {@code reason}. */
    public record Problem(ChunkId id, boolean missing, String reason) {}

    public record VerifyResult(long checked, long good, List<Problem> problems, long repaired) {
        public long corrupt() {
            return problems.stream().filter(p -> !p.missing()).count();
        }

        public long missing() {
            return problems.stream().filter(Problem::missing).count();
        }

        /** Whether every checked chunk was present and intact (a repair still counts as a finding). */
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    private StoreMaintenance() {}

    /**
     * Removes every chunk no entry of {@code referenced} names, and the temporary files of interrupted
     * writers last modified before {@code tempCutoff}. A make running at the same time may write chunks
     * its (not yet written) index will need; gc cannot see that index, so run gc when no make writes to
     * the store, as with casync gc.
     */
    public static GcResult gc(ChunkStore store, Map<ChunkId, Integer> referenced, Instant tempCutoff, boolean dryRun, int workers)
            throws IOException {
        if (referenced.isEmpty()) {
            throw new IllegalArgumentException("gc needs the indexes to keep: without any it would remove every chunk");
        }
        AtomicLong inStore = new AtomicLong(), removed = new AtomicLong(), bytes = new AtomicLong();
        TempSweep temporaries;
        try (StoreInventory inventory = store.inventory(tempCutoff, dryRun)) {
            temporaries = inventory.temporaries();
            Parallel.forEach(inventory.ids().iterator(), workers, () -> id -> {
                inStore.incrementAndGet();
                if (referenced.containsKey(id)) {
                    return;
                }
                long size = dryRun ? store.storedSize(id) : store.delete(id);
                if (size >= 0) {
                    removed.incrementAndGet();
                    bytes.addAndGet(size);
                }
            });
        }
        return new GcResult(inStore.get(), referenced.size(), removed.get(), bytes.get(), temporaries, dryRun);
    }

    /**
     * Reads back and rehashes chunks: those {@code ids} names (with their recorded sizes; absent ones
     * are reported missing), or with {@code ids == null} every chunk the store lists. With
     * {@code repair} corrupt chunks are deleted so that a later push or make can store them again.
     */
    public static VerifyResult verify(ChunkStore store, Map<ChunkId, Integer> ids, boolean repair, int workers) throws IOException {
        AtomicLong checked = new AtomicLong(), good = new AtomicLong(), repaired = new AtomicLong();
        List<Problem> problems = new ArrayList<>();
        Parallel.Task<Map.Entry<ChunkId, Integer>> check = e -> {
            checked.incrementAndGet();
            try {
                store.get(e.getKey(), e.getValue());
                good.incrementAndGet();
            } catch (MissingChunkException m) {
                synchronized (problems) {
                    problems.add(new Problem(e.getKey(), true, m.getMessage()));
                }
            } catch (CorruptChunkException c) {
                synchronized (problems) {
                    problems.add(new Problem(e.getKey(), false, c.getMessage()));
                }
                if (repair && store.delete(e.getKey()) >= 0) {
                    repaired.incrementAndGet();
                }
            }
        };
        if (ids != null) {
            Parallel.forEach(ids.entrySet().iterator(), workers, () -> check);
        } else {
            try (Stream<ChunkId> all = store.list()) {
                Iterator<ChunkId> it = all.iterator();
                Iterator<Map.Entry<ChunkId, Integer>> sized = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<ChunkId, Integer> next() {
                        return Map.entry(it.next(), -1);
                    }
                };
                Parallel.forEach(sized, workers, () -> check);
            }
        }
        problems.sort(Comparator.comparing(Problem::id));
        return new VerifyResult(checked.get(), good.get(), List.copyOf(problems), repaired.get());
    }
}
