package dev.paddock.core.image.make;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

import dev.paddock.core.image.chunker.Chunker;
import dev.paddock.core.store.ChunkId;
import dev.paddock.sys.Fd;
import dev.paddock.sys.Posix;

/**
 * The make pipeline's front for a re-make: it holds the stream as pieces (metadata bytes, announced
 * payloads with their bytes, referenced payloads as open files) and, at every cut point, asks the
 * previous run's {@link MakeCache} whether a chunk starting there had the same description. If so (and
 * the store still has it) the chunk is taken by id, and its bytes are never read, cut or hashed; if
 * not, the bytes are gathered (reading referenced files only now) and cut by the chunker as usual,
 * until the next cut point. The result is the index a cold make would write.
 */
final class CachingChunker extends OutputStream implements PieceTarget {
    /** How many bytes the chunker is given at a time, so that a cut leaves little gathered in vain. */
    private static final int STEP = 64 * 1024;

    private enum Kind { INLINE, ANNOUNCED, REFERENCED }

    /** A stretch of the stream; inline kinds keep their bytes in the lookahead buffer from {@code inline}. */
    private static final class Piece {
        final Kind kind;
        final long start;
        final long inline;
        final FileKey key;
        final String path;
        Fd fd;
        long length;

        Piece(Kind kind, long start, long inline, FileKey key, Fd fd, String path, long length) {
            this.kind = kind;
            this.start = start;
            this.inline = inline;
            this.key = key;
            this.fd = fd;
            this.path = path;
            this.length = length;
        }

        long end() {
            return start + length;
        }
    }

    private final Chunker chunker;
    private final int max;
    private final ChunkPipeline pipeline;
    private final MakeCache previous;
    private final MakeCache next;
    private final ChunkDescriber describer;
    private final Posix posix = Posix.get();
    private final ArrayDeque<Piece> pieces = new ArrayDeque<>();
    private final ChunkDescriber.Segments segments = this::feed;

    /** Inline bytes, {@code lookahead[0]} being inline offset {@code lookaheadBase}. */
    private byte[] lookahead;
    private long lookaheadBase;
    private long inlineEnd;
    private long announcedLeft;

    /** The gathered bytes of the current chunk: stream {@code [pos, pos + gathered)}. */
    private final byte[] scan;
    private int gathered;
    private ByteBuffer readBuffer;

    private long pos;
    private long end;
    private boolean closed;

    CachingChunker(Chunker chunker, ChunkPipeline pipeline, MakeCache previous, MakeCache next, ChunkDescriber describer) {
        this.chunker = chunker;
        this.max = (int) chunker.sizes().max();
        this.pipeline = pipeline;
        this.previous = previous;
        this.next = next;
        this.describer = describer;
        this.scan = new byte[max];
        this.lookahead = new byte[2 * max + (2 << 20)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        requireOpen();
        while (len > 0) {
            Piece into;
            int n = len;
            if (announcedLeft > 0) {
                into = pieces.peekLast();
                n = (int) Math.min(n, announcedLeft);
                announcedLeft -= n;
            } else {
                into = pieces.peekLast();
                if (into == null || into.kind != Kind.INLINE || into.end() != end) {
                    into = new Piece(Kind.INLINE, end, inlineEnd, null, null, null, 0);
                    pieces.add(into);
                }
            }
            appendInline(b, off, n);
            into.length += n;
            end += n;
            off += n;
            len -= n;
            drive(false);
        }
    }

    @Override
    public void announced(FileKey key, long size, String path) throws IOException {
        requireOpen();
        if (announcedLeft > 0) {
            throw new IllegalStateException(path + ": announced inside another payload");
        }
        pieces.add(new Piece(Kind.ANNOUNCED, end, inlineEnd, key, null, path, 0));
        announcedLeft = size;
    }

    @Override
    public void referenced(FileKey key, Fd fd, long size, String path) throws IOException {
        if (closed || announcedLeft > 0) {
            fd.close();
            requireOpen();
            throw new IllegalStateException(path + ": referenced inside another payload");
        }
        pieces.add(new Piece(Kind.REFERENCED, end, inlineEnd, key, fd, path, size));
        end += size;
        drive(false);
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("chunking stream is closed");
        }
    }

    private void appendInline(byte[] b, int off, int n) {
        if (inlineEnd + n - lookaheadBase > lookahead.length) {
            long keep = inlineAt(pos);
            int kept = (int) (inlineEnd - keep);
            if ((long) kept + n > lookahead.length) {
                byte[] grown = new byte[Math.max(2 * lookahead.length, kept + n)];
                System.arraycopy(lookahead, (int) (keep - lookaheadBase), grown, 0, kept);
                lookahead = grown;
            } else {
                System.arraycopy(lookahead, (int) (keep - lookaheadBase), lookahead, 0, kept);
            }
            lookaheadBase = keep;
        }
        System.arraycopy(b, off, lookahead, (int) (inlineEnd - lookaheadBase), n);
        inlineEnd += n;
    }

    /** The inline offset of the first inline byte at or after stream offset {@code at}. */
    private long inlineAt(long at) {
        for (Piece p : pieces) {
            if (p.kind != Kind.REFERENCED && p.end() > at) {
                return p.inline + Math.max(0, at - p.start);
            }
        }
        return inlineEnd;
    }

    /** Takes chunks while a whole maximal chunk is in hand, or to the end once the input is complete. */
    private void drive(boolean atEnd) throws IOException {
        while (pos < end && (atEnd || end - pos >= max)) {
            step(atEnd);
        }
    }

    private void step(boolean atEnd) throws IOException {
        int lookupBytes = describer.lookupBytes();
        long lookup = 0;
        boolean described = end - pos >= lookupBytes;
        if (described) {
            lookup = describer.lookup(segments, pos);
            if (takeKnown(lookup)) {
                return;
            }
        }
        while (true) {
            int avail = (int) Math.min(end - pos, max);
            if (gathered < avail) {
                gather(Math.min(avail, gathered + STEP));
            }
            int cut = chunker.scan(scan, 0, gathered);
            if (cut > 0) {
                emit(cut, described ? lookup : null);
                return;
            }
            if (gathered == avail) {
                if (!atEnd || avail != end - pos) {
                    throw new IllegalStateException("chunker found no cut in " + avail + " bytes");
                }
                chunker.reset();
                emit(gathered, null);
                return;
            }
        }
    }

    /** Takes the chunk the previous run saw here, if its description still matches; true if taken. */
    private boolean takeKnown(long lookup) throws IOException {
        MakeCache.Entry[] candidates = previous.candidates(lookup);
        if (candidates == null) {
            return false;
        }
        for (int i = candidates.length - 1; i >= 0; i--) {
            MakeCache.Entry e = candidates[i];
            if (pos + e.length() > end) {
                continue;
            }
            byte[] stretch = describer.stretch(segments, pos, pos + e.length());
            if (stretch != null && Arrays.equals(stretch, e.stretch()) && pipeline.available(e.id())) {
                pipeline.known(e.id(), e.length(), id -> next.add(e));
                advance(e.length());
                return true;
            }
        }
        return false;
    }

    /** Hands over the first {@code length} gathered bytes; records it when it was cut by the chunker. */
    private void emit(int length, Long lookup) throws IOException {
        Consumer<ChunkId> record = null;
        if (lookup != null) {
            byte[] stretch = describer.stretch(segments, pos, pos + length);
            if (stretch != null) {
                record = new Recording(next, lookup, length, stretch);
            }
        }
        pipeline.submit(scan, 0, length, record);
        advance(length);
    }

    private void advance(int length) throws IOException {
        pos += length;
        if (gathered > length) {
            System.arraycopy(scan, length, scan, 0, gathered - length);
            gathered -= length;
        } else {
            gathered = 0;
        }
        Piece first;
        while ((first = pieces.peekFirst()) != null && first.end() <= pos
                && !(first == pieces.peekLast() && announcedLeft > 0)) {
            release(pieces.removeFirst());
        }
    }

    /** Copies stream {@code [pos + gathered, pos + upTo)} into the scan buffer, reading referenced files. */
    private void gather(int upTo) throws IOException {
        eachPiece(pos + gathered, pos + upTo, (p, lo, hi) -> {
            int n = (int) (hi - lo);
            if (p.kind == Kind.REFERENCED) {
                readFile(p, lo - p.start, n);
            } else {
                System.arraycopy(lookahead, inlineIndex(p, lo), scan, gathered, n);
            }
            gathered += n;
            return true;
        });
    }

    private void readFile(Piece p, long offset, int n) throws IOException {
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(STEP);
        }
        int done = 0;
        while (done < n) {
            int r = posix.pread(p.fd, readBuffer, Math.min(STEP, n - done), offset + done);
            if (r <= 0) {
                throw new IOException(p.path + ": file ended at " + (offset + done) + " of " + p.length
                        + " bytes: it changed while being archived");
            }
            readBuffer.limit(r).position(0);
            readBuffer.get(scan, gathered + done, r);
            done += r;
        }
    }

    /** Feeds {@code [from, to)}: inline metadata as bytes, payloads by file key. */
    private boolean feed(StretchDigest d, long from, long to) throws IOException {
        return eachPiece(from, to, (p, lo, hi) -> {
            if (p.kind == Kind.INLINE) {
                d.bytes(lookahead, inlineIndex(p, lo), (int) (hi - lo));
                return true;
            }
            if (describer.racy(p.key)) {
                return false;
            }
            d.file(p.key, lo - p.start, hi - lo);
            return true;
        });
    }

    /** Where stream offset {@code at} of an inline piece is in the lookahead buffer. */
    private int inlineIndex(Piece p, long at) {
        return (int) (p.inline + at - p.start - lookaheadBase);
    }

    private interface PieceVisit {
        /** {@code [lo, hi)} of {@code p} lies in the range; false stops the walk. */
        boolean at(Piece p, long lo, long hi) throws IOException;
    }

    /** Visits the pieces overlapping {@code [from, to)} in stream order; false if a visit said stop. */
    private boolean eachPiece(long from, long to, PieceVisit visit) throws IOException {
        for (Piece p : pieces) {
            if (p.end() <= from) {
                continue;
            }
            if (p.start >= to) {
                break;
            }
            if (!visit.at(p, Math.max(from, p.start), Math.min(to, p.end()))) {
                return false;
            }
        }
        return true;
    }

    private static void release(Piece p) {
        if (p.fd != null) {
            p.fd.close();
            p.fd = null;
        }
    }

    /** Takes the rest of the stream, waits for all chunks and writes the index tail. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (announcedLeft > 0) {
                throw new IllegalStateException("the stream ended inside an announced payload");
            }
            drive(true);
            closed = true;
            pipeline.finish();
        } finally {
            abort();
        }
    }

    /** Stops without committing anything further and closes every file still held. */
    void abort() {
        closed = true;
        pipeline.abort();
        for (Piece p : pieces) {
            release(p);
        }
        pieces.clear();
    }
}
