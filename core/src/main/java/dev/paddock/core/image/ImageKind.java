package dev.paddock.core.image;

import java.nio.file.Path;

/** What an IMAGE argument is, decided by its suffix as casync does. */
public enum ImageKind {
    /** .caidx: index of a chunked directory archive. */
    ARCHIVE_INDEX(".caidx"),
    /** .caibx: index of a chunked blob (file or block device). */
    BLOB_INDEX(".caibx"),
    /** .catar: an unchunked directory archive. */
    ARCHIVE(".catar");

    private final String suffix;

    ImageKind(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public boolean isIndex() {
        return this != ARCHIVE;
    }

    public static ImageKind of(Path image) {
        String n = image.getFileName() == null ? "" : image.getFileName().toString();
        for (ImageKind k : values()) {
            if (n.endsWith(k.suffix)) {
                return k;
            }
        }
        throw new IllegalArgumentException(image + ": unknown image type (expected a .caidx, .caibx or .catar name)");
    }
}
