package dev.paddock.core.store;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.paddock.core.concurrent.Pools;
import dev.paddock.core.concurrent.WorkerFailure;

/**
 * Runs a task over items with a fixed number of workers pulling from one iterator, so millions of
 * chunk ids never become millions of queued futures. The first failure stops every worker and is
 * rethrown; each worker gets its own task instance (closed at the end if AutoCloseable) so per-thread
 * state such as codecs needs no ThreadLocal.
 */
public final class Parallel {
    @FunctionalInterface
    public interface Task<T> {
        void run(T item) throws IOException;
    }

    private Parallel() {}

    public static <T> void forEach(Iterator<T> items, int workers, Supplier<? extends Task<T>> tasks) throws IOException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Object lock = new Object();
        int n = Math.max(1, workers);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "paddock-store-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < n; i++) {
                pool.execute(() -> {
                    try {
                        Task<T> task = tasks.get();
                        try {
                            while (failure.get() == null) {
                                T item;
                                synchronized (lock) {
                                    if (!items.hasNext()) {
                                        return;
                                    }
                                    item = items.next();
                                }
                                task.run(item);
                            }
                        } finally {
                            if (task instanceof AutoCloseable c) {
                                c.close();
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // keep waiting: workers end when the items do or on the first failure
            }
        } catch (InterruptedException e) {
            // the workers' own error paths remove what they were writing before this returns
            Pools.stopAndWait(pool, Duration.ofSeconds(60));
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        WorkerFailure.rethrow(failure.get());
    }
}
