package dev.paddock.core.container;

/** How a container is networked. */
public enum NetworkMode {
    /** The host's network namespace (nspawn's default). */
    HOST,
    /** A private network namespace with loopback only. */
    NONE,
    /** A private namespace joined to the host by a veth pair with addresses from the host's subnet. */
    VETH
}
