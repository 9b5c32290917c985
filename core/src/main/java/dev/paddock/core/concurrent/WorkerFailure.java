package dev.paddock.core.concurrent;

import java.io.IOException;

/**
 * Hands a failure caught on a worker thread to the thread that waits for the work, so that callers see
 * the worker's own exception (an unreadable file, a corrupt chunk) rather than a wrapper around it.
 */
public final class WorkerFailure {
    private WorkerFailure() {}

    /**
     * Throws {@code t} on this thread: as itself when it is an IOException, RuntimeException or Error,
     * else wrapped in an IOException. Does nothing for null.
     */
    public static void rethrow(Throwable t) throws IOException {
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error er) {
            throw er;
        }
        throw new IOException(t);
    }
}
