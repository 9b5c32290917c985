package dev.paddock.core.shift;

import java.io.IOException;

/** A shift that cannot start (or go on): the message is the whole one-line reason, path first. */
public class ShiftException extends IOException {
    private static final long serialVersionUID = 1L;

    public ShiftException(String message) {
        super(message);
    }
}
