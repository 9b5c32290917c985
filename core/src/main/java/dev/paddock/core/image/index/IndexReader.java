package dev.paddock.core.image.index;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.store.ChunkId;

/**
 * Reads a .caidx/.caibx with every check casync's reader makes (caindex.c): header size and type,
 * normalised feature flags, chunk sizes in [1, 128 MiB] with min &le; avg &le; max, the table header,
 * strictly increasing end offsets, no chunk above max, and a tail whose offset and size agree with the
 * table, with nothing after it. Any violation or truncation is an {@link IndexFormatException} naming
 * the byte offset.
 */
public final class IndexReader {
    private IndexReader() {}

    public static Index read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        }
    }

    public static Index read(InputStream in, String name) throws IOException {
        byte[] head = new byte[IndexFormat.HEADER_SIZE + IndexFormat.TABLE_HEADER_SIZE];
        int n = in.readNBytes(head, 0, head.length);
        if (n < head.length) {
            throw new IndexFormatException(name, n, "truncated header (" + n + " of " + head.length + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long size = h.getLong(0);
        long type = h.getLong(8);
        if (size != IndexFormat.HEADER_SIZE || type != IndexFormat.INDEX) {
            throw new IndexFormatException(name, 0, "not a casync index (bad header size or type)");
        }
        long flags = h.getLong(16);
        String why = FlagRules.whyNotNormalised(flags);
        if (why != null) {
            throw new IndexFormatException(name, 16, String.format("feature flags 0x%x are not normalised: %s", flags, why));
        }
        long min = h.getLong(24);
        long avg = h.getLong(32);
        long max = h.getLong(40);
        checkSize(name, 24, "minimum", min);
        checkSize(name, 32, "average", avg);
        checkSize(name, 40, "maximum", max);
        if (!(min <= avg && avg <= max)) {
            throw new IndexFormatException(name, 24, "chunk sizes " + min + ":" + avg + ":" + max + " are not min <= avg <= max");
        }
        if (h.getLong(48) != -1L || h.getLong(56) != IndexFormat.TABLE) {
            throw new IndexFormatException(name, 48, "bad table header");
        }
        IndexHeader header = new IndexHeader(flags, min, avg, max);

        List<IndexEntry> entries = new ArrayList<>();
        byte[] item = new byte[IndexFormat.ITEM_SIZE];
        ByteBuffer ib = ByteBuffer.wrap(item).order(ByteOrder.LITTLE_ENDIAN);
        long pos = head.length;
        long previous = 0;
        while (true) {
            int got = in.readNBytes(item, 0, item.length);
            if (got < item.length) {
                throw new IndexFormatException(name, pos + got, got == 0
                        ? "truncated: the table has no tail"
                        : "truncated table item (" + got + " of 40 bytes)");
            }
            if (ib.getLong(32) == IndexFormat.TABLE_TAIL_MARKER) {
                long expected = IndexFormat.TABLE_HEADER_SIZE + (long) IndexFormat.ITEM_SIZE * (entries.size() + 1);
                if (ib.getLong(0) != 0 || ib.getLong(8) != 0) {
                    throw new IndexFormatException(name, pos, "table tail has non-zero fill");
                }
                if (ib.getLong(16) != IndexFormat.HEADER_SIZE) {
                    throw new IndexFormatException(name, pos + 16, "table tail index offset " + ib.getLong(16) + " is not 48");
                }
                if (ib.getLong(24) != expected) {
                    throw new IndexFormatException(name, pos + 24, "table tail size " + ib.getLong(24) + " does not match "
                            + entries.size() + " items (expected " + expected + ")");
                }
                if (in.read() >= 0) {
                    throw new IndexFormatException(name, pos + item.length, "trailing garbage after the table tail");
                }
                return new Index(header, entries);
            }
            long end = ib.getLong(0);
            if (Long.compareUnsigned(end, previous) <= 0) {
                throw new IndexFormatException(name, pos, "chunk end offset " + Long.toUnsignedString(end)
                        + " does not increase (previous " + previous + ")");
            }
            if (end - previous > max || end < 0) {
                throw new IndexFormatException(name, pos, "chunk of " + Long.toUnsignedString(end - previous)
                        + " bytes exceeds the maximum chunk size " + max);
            }
            entries.add(new IndexEntry(previous, (int) (end - previous), ChunkId.of(item, 8)));
            previous = end;
            pos += item.length;
        }
    }

    private static void checkSize(String name, long at, String what, long v) throws IndexFormatException {
        if (v < ChunkSizes.LIMIT_MIN || v > ChunkSizes.LIMIT_MAX) {
            throw new IndexFormatException(name, at, what + " chunk size " + Long.toUnsignedString(v) + " is outside [1, 128 MiB]");
        }
    }
}
