package dev.paddock.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class PoolsTest {
    @Test
    void anInterruptedCallerStillWaitsForTheWorkersToCleanUp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch started = new CountDownLatch(2);
        AtomicBoolean[] cleaned = {new AtomicBoolean(), new AtomicBoolean()};
        for (AtomicBoolean c : cleaned) {
            pool.execute(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    long end = System.nanoTime() + 200_000_000L; // a slow removal of what it wrote
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    c.set(true);
                }
            });
        }
        started.await();
        Thread.currentThread().interrupt();
        boolean stopped = Pools.stopAndWait(pool, Duration.ofSeconds(30));
        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        assertThat(stopped).isTrue();
        assertThat(cleaned[0]).isTrue();
        assertThat(cleaned[1]).isTrue();
    }

    @Test
    void joinWaitsForTheThreadEvenWhenTheCallerIsInterrupted() {
        AtomicBoolean done = new AtomicBoolean();
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            done.set(true);
        });
        t.start();
        Thread.currentThread().interrupt();
        Pools.join(t);
        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        assertThat(done).isTrue();
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void aWorkerThatIgnoresInterruptsIsReportedAfterTheLimit() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            while (release.getCount() > 0) {
                Thread.onSpinWait();
            }
        });
        try {
            assertThat(Pools.stopAndWait(pool, Duration.ofMillis(200))).isFalse();
        } finally {
            release.countDown();
        }
        assertThat(Pools.stopAndWait(pool, Duration.ofSeconds(30))).isTrue();
    }
}
