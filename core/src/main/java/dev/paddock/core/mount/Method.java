package dev.paddock.core.mount;

/** How the shifted view is made. */
public enum Method {
    /** idmap where the kernel and LOWER's filesystem allow it, else chown. */
    AUTO,
    /** An idmapped clone of LOWER under a plain upper: nothing is copied, cost independent of tree size. */
    IDMAP,
    /** A plain overlay whose merged view is chowned with metacopy=on: only metadata is copied up. */
    CHOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
