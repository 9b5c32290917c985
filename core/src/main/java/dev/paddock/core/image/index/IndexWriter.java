package dev.paddock.core.image.index;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.paddock.core.store.ChunkId;

/** Streams an index: the header first, one item per chunk as chunks are produced, the tail at the end. */
public final class IndexWriter {
    private final OutputStream out;
    private final IndexHeader header;
    private final ByteBuffer item = ByteBuffer.allocate(IndexFormat.ITEM_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long end;
    private long count;

    public IndexWriter(OutputStream out, IndexHeader header) throws IOException {
        this.out = out;
        this.header = header;
        ByteBuffer b = ByteBuffer.allocate(IndexFormat.HEADER_SIZE + IndexFormat.TABLE_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(IndexFormat.HEADER_SIZE).putLong(IndexFormat.INDEX).putLong(header.featureFlags())
                .putLong(header.chunkSizeMin()).putLong(header.chunkSizeAvg()).putLong(header.chunkSizeMax())
                .putLong(-1L).putLong(IndexFormat.TABLE);
        out.write(b.array());
    }

    public void add(ChunkId id, int size) throws IOException {
        if (size <= 0 || size > header.chunkSizeMax()) {
            throw new IllegalArgumentException("chunk of " + size + " bytes does not fit chunk size max " + header.chunkSizeMax());
        }
        end += size;
        item.clear();
        item.putLong(end);
        id.copyTo(item.array(), 8);
        out.write(item.array());
        count++;
    }

    /** Writes the tail; the caller closes the stream. */
    public void finish() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(IndexFormat.ITEM_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).putLong(0).putLong(IndexFormat.HEADER_SIZE)
                .putLong(IndexFormat.TABLE_HEADER_SIZE + IndexFormat.ITEM_SIZE * (count + 1))
                .putLong(IndexFormat.TABLE_TAIL_MARKER);
        out.write(b.array());
        out.flush();
    }

    public long count() {
        return count;
    }

    public long totalSize() {
        return end;
    }
}
