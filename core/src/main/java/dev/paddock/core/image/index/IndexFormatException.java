package dev.paddock.core.image.index;

import java.io.IOException;

/** A .caidx/.caibx that is not well formed: the message names the file, the byte offset and the rule. */
public final class IndexFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public IndexFormatException(String name, long offset, String reason) {
        super(name + ": invalid index at byte " + offset + ": " + reason);
    }
}
