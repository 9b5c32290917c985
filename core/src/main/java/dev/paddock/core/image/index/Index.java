package dev.paddock.core.image.index;

import java.util.List;

/** A whole index in memory: a 1 GiB image at 64 KiB chunks is ~16k entries, a few MB at most. */
public record Index(IndexHeader header, List<IndexEntry> entries) {
    public Index {
        entries = List.copyOf(entries);
    }

    /** The length of the stream (archive or blob) the index describes. */
    public long totalSize() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
    }
}
