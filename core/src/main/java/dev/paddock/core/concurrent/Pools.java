package dev.paddock.core.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping worker pools and threads on error paths. */
public final class Pools {
    private Pools() {}

    /**
     * Interrupts the pool's workers and waits until they have stopped, so that what they were writing
     * (a temporary chunk, a file of a partial tree) is removed by their own error paths before the
     * caller goes on to clean up or exit. The wait does not end early when this thread is interrupted,
     * which is the usual reason to stop; the interrupt is kept for the caller.
     *
     * @return whether every worker stopped within {@code max}
     */
    public static boolean stopAndWait(ExecutorService pool, Duration max) {
        pool.shutdownNow();
        boolean interrupted = false;
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (true) {
                try {
                    return pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until {@code thread} has ended, for a caller about to read or reuse what it wrote. As in
     * {@link #stopAndWait}, an interrupt of this thread does not end the wait early and is kept.
     */
    public static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
