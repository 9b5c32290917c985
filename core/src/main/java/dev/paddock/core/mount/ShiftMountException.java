package dev.paddock.core.mount;

import java.io.IOException;

/** A shift-mount that cannot be made or taken down; the message is one line naming the thing and why. */
public class ShiftMountException extends IOException {
    private static final long serialVersionUID = 1L;

    public ShiftMountException(String message) {
        super(message);
    }

    public ShiftMountException(String message, Throwable cause) {
        super(message, cause);
    }
}
