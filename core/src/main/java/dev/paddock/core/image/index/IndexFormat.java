package dev.paddock.core.image.index;

/** Constants of the index file format (caformat.h). */
final class IndexFormat {
    static final long INDEX = 0x96824d9c7b129ff9L;
    static final long TABLE = 0xe75b9e112f17417dL;
    static final long TABLE_TAIL_MARKER = 0x4b4f050e5549ecd1L;
    static final int HEADER_SIZE = 48;
    static final int TABLE_HEADER_SIZE = 16;
    static final int ITEM_SIZE = 40;

    private IndexFormat() {}
}
