package dev.paddock.core.image.make;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.paddock.core.concurrent.Pools;
import dev.paddock.core.concurrent.WorkerFailure;

/**
 * Moves bytes to another thread in 1 MiB blocks, so that serialising (the catar encoder's syscalls)
 * and chunking (CPU) overlap instead of taking turns on one thread. Blocks are recycled; at most
 * {@code BLOCKS} are in flight. A failure on the consuming side is rethrown to the writer. The target
 * is written only by the consumer thread; {@link #close()} and {@link #abort()} wait for it, so the
 * writer sees everything it did afterwards.
 */
public final class HandoffStream extends OutputStream {
    private static final int BLOCK = 1 << 20;
    private static final int BLOCKS = 4;
    private static final byte[] END = new byte[0];

    private record Block(byte[] data, int length) {}

    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread consumer;
    private volatile Throwable failure;
    private byte[] current;
    private int pos;
    private boolean closed;

    public HandoffStream(OutputStream target) {
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new byte[BLOCK]);
        }
        consumer = new Thread(() -> {
            try {
                while (true) {
                    Block b = full.take();
                    if (b.data() == END) {
                        return;
                    }
                    target.write(b.data(), 0, b.length());
                    free.add(b.data());
                }
            } catch (Throwable t) {
                failure = t;
            }
        }, "paddock-chunker");
        consumer.setDaemon(true);
        consumer.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (current == null) {
                current = take();
                pos = 0;
            }
            int n = Math.min(len, BLOCK - pos);
            System.arraycopy(b, off, current, pos, n);
            pos += n;
            off += n;
            len -= n;
            if (pos == BLOCK) {
                hand(new Block(current, pos));
                current = null;
            }
        }
    }

    private byte[] take() throws IOException {
        try {
            byte[] b;
            while ((b = free.poll(50, TimeUnit.MILLISECONDS)) == null) {
                rethrow();
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private void hand(Block b) throws IOException {
        try {
            while (!full.offer(b, 50, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        WorkerFailure.rethrow(failure);
    }

    /** Hands over the last block and waits until the consumer has written everything. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null && pos > 0) {
            hand(new Block(current, pos));
        }
        current = null;
        hand(new Block(END, 0));
        try {
            consumer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        rethrow();
    }

    /**
     * Stops the consumer without writing the rest (error paths) and waits until it has stopped, so
     * that the caller may read or reuse what the consumer wrote to. A no-op after {@link #close()}.
     */
    public void abort() {
        closed = true;
        consumer.interrupt();
        Pools.join(consumer);
    }
}
