package dev.paddock.core.image.catar;

import java.io.IOException;

/** The archive bytes are not a valid catar stream; the message names the byte offset and the reason. */
public class CatarFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public CatarFormatException(long offset, String reason) {
        super("invalid catar at byte " + offset + ": " + reason);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
