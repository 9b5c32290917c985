package dev.paddock.core.mount;

/** The kernel or LOWER's filesystem refused an idmapped lower layer; auto falls back to chown on this. */
public class IdmapUnsupportedException extends ShiftMountException {
    private static final long serialVersionUID = 1L;

    public IdmapUnsupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
