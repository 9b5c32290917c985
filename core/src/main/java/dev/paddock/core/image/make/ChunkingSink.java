package dev.paddock.core.image.make;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

import dev.paddock.core.image.chunker.Chunker;
import dev.paddock.core.image.chunker.CuttingStream;
import dev.paddock.core.image.index.IndexWriter;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.sys.Fd;

/**
 * The make pipeline behind an OutputStream: bytes written here (a catar stream or a blob) are cut by
 * the chunker on the writing thread and handed to a {@link ChunkPipeline}. When given a cache to fill,
 * it also follows the announced file payloads and describes each chunk for the next run's
 * {@link CachingChunker}. {@link #close()} flushes the last chunk and waits for everything;
 * {@link #result()} then says what happened.
 */
public final class ChunkingSink extends CuttingStream implements PieceTarget {
    private record Mark(long start, long size, FileKey key) {
        long end() {
            return start + size;
        }
    }

    private final ChunkPipeline pipeline;
    private final MakeCache next;
    private final ChunkDescriber describer;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private long received;
    private boolean closed;

    public ChunkingSink(Chunker chunker, ChunkStore store, MakeOptions options, IndexWriter index, MakeProgress progress) {
        this(chunker, new ChunkPipeline(store, options, index, progress), null, null);
    }

    /** A sink that also records every chunk it cuts into {@code next}, described by {@code describer}. */
    ChunkingSink(Chunker chunker, ChunkPipeline pipeline, MakeCache next, ChunkDescriber describer) {
        super(chunker);
        this.pipeline = pipeline;
        this.next = next;
        this.describer = describer;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        received += len;
        super.write(b, off, len);
    }

    @Override
    public void announced(FileKey key, long size, String path) {
        if (next != null) {
            marks.add(new Mark(received, size, key));
        }
    }

    @Override
    public void referenced(FileKey key, Fd fd, long size, String path) throws IOException {
        fd.close();
        throw new IllegalStateException(path + ": this sink takes payloads as bytes, not by reference");
    }

    @Override
    protected void chunk(byte[] buf, int off, int len, long offset) throws IOException {
        pipeline.submit(buf, off, len, next == null || closing() ? null : recorder(buf, off, len, offset));
    }

    /**
     * The action that records the chunk {@code buf[off, off+len)} at stream {@code offset} once its id
     * is known; null if it holds a racy file. The description is computed now, while the bytes are there.
     */
    private Consumer<ChunkId> recorder(byte[] buf, int off, int len, long offset) throws IOException {
        long end = offset + len;
        long base = offset - off;
        ChunkDescriber.Segments segments = (d, from, to) -> feed(d, buf, base, from, to);
        byte[] stretch = describer.stretch(segments, offset, end);
        long lookup = describer.lookup(segments, offset);
        while (!marks.isEmpty() && marks.peekFirst().end() <= end) {
            marks.removeFirst();
        }
        if (stretch == null) {
            return null;
        }
        return new Recording(next, lookup, len, stretch);
    }

    /** Feeds {@code [from, to)} of the stream, whose offset {@code base} is {@code data[0]}: marked payloads by file, the rest as bytes. */
    private boolean feed(StretchDigest d, byte[] data, long base, long from, long to) {
        long at = from;
        for (Mark m : marks) {
            if (m.end() <= at) {
                continue;
            }
            if (m.start() >= to) {
                break;
            }
            if (m.start() > at) {
                d.bytes(data, (int) (at - base), (int) (m.start() - at));
                at = m.start();
            }
            if (describer.racy(m.key())) {
                return false;
            }
            long hi = Math.min(to, m.end());
            d.file(m.key(), at - m.start(), hi - at);
            at = hi;
        }
        if (at < to) {
            d.bytes(data, (int) (at - base), (int) (to - at));
        }
        return true;
    }

    /** Cuts the final chunk, waits for all workers and writes the index tail. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            super.close();
            pipeline.finish();
        } finally {
            abort();
        }
    }

    /**
     * Stops the workers without committing anything further (on error paths) and waits for them, so
     * that a chunk being written has removed its temporary file before the caller exits.
     */
    public void abort() {
        closed = true;
        pipeline.abort();
        discard();
    }

    public MakeResult result() {
        return pipeline.result();
    }
}
