package dev.paddock.core.image.make;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.paddock.core.concurrent.Pools;
import dev.paddock.core.concurrent.WorkerFailure;
import dev.paddock.core.image.catar.PayloadReferences;
import dev.paddock.sys.Fd;
import dev.paddock.sys.StatX;

/**
 * Moves bytes to another thread in 1 MiB blocks, so that serialising (the catar encoder's syscalls)
 * and chunking (CPU) overlap instead of taking turns on one thread. Blocks are recycled; at most
 * {@code BLOCKS} are in flight. A failure on the consuming side is rethrown to the writer. The target
 * is written only by the consumer thread; {@link #close()} and {@link #abort()} wait for it, so the
 * writer sees everything it did afterwards.
 *
 * <p>Given a {@link PieceTarget} and a {@link PayloadPolicy}, it also carries the encoder's payload
 * announcements and references, in stream order, to the target; it owns a referenced file until the
 * target has taken it, and closes those never delivered.
 */
public final class HandoffStream extends OutputStream implements WritableByteChannel, PayloadReferences {
    private static final int BLOCK = 1 << 20;
    /**
     * The first block goes over at this fill, each next one at twice the last, up to a whole block:
     * the encoder starts out interpreted and slow, and the chunker and workers should not wait for a
     * full MiB before they have anything to do.
     */
    private static final int FIRST_HANDOFF = 64 << 10;
    private static final int BLOCKS = 8;
    /** A block carries at most this many referenced files, which bounds the descriptors in flight. */
    private static final int REFERENCES_PER_BLOCK = 32;
    private static final byte[] END = new byte[0];

    /** An announcement ({@code fd == null}) or reference at {@code at} in its block. */
    private static final class Mark {
        final int at;
        final FileKey key;
        final long size;
        final String path;
        Fd fd;

        Mark(int at, FileKey key, long size, String path, Fd fd) {
            this.at = at;
            this.key = key;
            this.size = size;
            this.path = path;
            this.fd = fd;
        }
    }

    private record Block(byte[] data, int length, List<Mark> marks) {}

    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS);
    private final PayloadPolicy policy;
    private final Thread consumer;
    private volatile Throwable failure;
    private byte[] current;
    private List<Mark> marks = new ArrayList<>();
    private int references;
    private int pos;
    private int handAt = FIRST_HANDOFF;
    private boolean closed;

    /** Bytes only: nothing is announced or referenced. */
    public HandoffStream(OutputStream target) {
        this(target, null);
    }

    /**
     * @param policy which payloads to announce or reference; null for bytes only. Anything but bytes
     *               needs a target that is a {@link PieceTarget}.
     */
    public HandoffStream(OutputStream target, PayloadPolicy policy) {
        if (policy != null && !(target instanceof PieceTarget)) {
            throw new IllegalArgumentException("payload references need a piece target");
        }
        this.policy = policy;
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new byte[BLOCK]);
        }
        consumer = new Thread(() -> consume(target), "paddock-chunker");
        consumer.setDaemon(true);
        consumer.start();
    }

    private void consume(OutputStream target) {
        Block b = null;
        try {
            while (true) {
                b = full.take();
                if (b.data() == END) {
                    return;
                }
                int done = 0;
                for (Mark m : b.marks()) {
                    target.write(b.data(), done, m.at - done);
                    done = m.at;
                    if (m.fd == null) {
                        ((PieceTarget) target).announced(m.key, m.size, m.path);
                    } else {
                        Fd fd = m.fd;
                        m.fd = null;
                        ((PieceTarget) target).referenced(m.key, fd, m.size, m.path);
                    }
                }
                target.write(b.data(), done, b.length() - done);
                free.add(b.data());
                b = null;
            }
        } catch (Throwable t) {
            failure = t;
            if (b != null) {
                closeFiles(b.marks());
            }
        }
    }

    @Override
    public Handling handling(StatX st, long fsMagic) {
        return policy == null ? Handling.BYTES : policy.handling(st, fsMagic);
    }

    @Override
    public void announce(StatX st, String path) throws IOException {
        mark(st, path, null);
    }

    @Override
    public void reference(Fd fd, StatX st, String path) throws IOException {
        try {
            mark(st, path, fd);
        } catch (IOException | RuntimeException | Error e) {
            fd.close();
            throw e;
        }
        if (++references >= REFERENCES_PER_BLOCK) {
            handCurrent();
        }
    }

    private void mark(StatX st, String path, Fd fd) throws IOException {
        if (closed || policy == null) {
            throw new IllegalStateException("this stream takes no payload " + (closed ? "after closing" : "references"));
        }
        if (current == null) {
            current = take();
            pos = 0;
        }
        marks.add(new Mark(pos, FileKey.of(st), st.size(), path, fd));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = room(len);
            System.arraycopy(b, off, current, pos, n);
            advance(n);
            off += n;
            len -= n;
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = src.remaining();
        while (src.hasRemaining()) {
            int n = room(src.remaining());
            src.get(current, pos, n);
            advance(n);
        }
        return total;
    }

    /** How much of {@code len} fits into the current block, taking a free one if needed. */
    private int room(int len) throws IOException {
        if (closed) {
            throw new IOException("hand-off stream is closed");
        }
        if (current == null) {
            current = take();
            pos = 0;
        }
        return Math.min(len, handAt - pos);
    }

    private void advance(int n) throws IOException {
        pos += n;
        if (pos == handAt) {
            handCurrent();
        }
    }

    private void handCurrent() throws IOException {
        Block b = new Block(current, pos, marks);
        handAt = Math.min(BLOCK, handAt * 2);
        current = null;
        marks = new ArrayList<>();
        references = 0;
        hand(b);
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
            closeFiles(b.marks());
            throw new InterruptedIOException("interrupted");
        } catch (IOException | RuntimeException | Error e) {
            closeFiles(b.marks());
            throw e;
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        WorkerFailure.rethrow(failure);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Hands over the last block and waits until the consumer has written everything. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (current != null) {
            handCurrent();
        }
        closed = true;
        hand(new Block(END, 0, List.of()));
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
     * that the caller may read or reuse what the consumer wrote to; closes the files it still held. A
     * no-op after {@link #close()}.
     */
    public void abort() {
        closed = true;
        consumer.interrupt();
        Pools.join(consumer);
        closeFiles(marks);
        Block b;
        while ((b = full.poll()) != null) {
            closeFiles(b.marks());
        }
    }

    private static void closeFiles(List<Mark> marks) {
        for (Mark m : marks) {
            if (m.fd != null) {
                m.fd.close();
                m.fd = null;
            }
        }
    }
}
