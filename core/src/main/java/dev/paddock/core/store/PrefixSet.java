package dev.paddock.core.store;

import java.util.concurrent.atomic.AtomicLongArray;

/** A thread-safe set of 16-bit values: which of a store's 65,536 prefix directories are known to exist. */
final class PrefixSet {
    private final AtomicLongArray words = new AtomicLongArray(1 << 10);

    boolean get(int prefix) {
        return (words.get(prefix >>> 6) & (1L << prefix)) != 0;
    }

    void set(int prefix) {
        int i = prefix >>> 6;
        long w;
        do {
            w = words.get(i);
        } while (!words.compareAndSet(i, w, w | (1L << prefix)));
    }
}
