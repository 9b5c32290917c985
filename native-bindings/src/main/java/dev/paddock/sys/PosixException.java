package dev.paddock.sys;

import java.io.IOException;

/**
 * A failed system call: carries the errno, its symbolic name and the path it was about, so that the
 * CLI can print {@code tool: /path: reason} without a stack trace.
 */
public class PosixException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final String operation;
    private final String path;

    public PosixException(String operation, String path, int errno) {
        super((String) null);
        this.errno = errno;
        this.operation = operation;
        this.path = path;
    }

    /**
     * Made when asked for: many of these are caught and branched on by errno (EEXIST, ENOENT), and the
     * first description of an errno loads jnr-constants' tables, ~8 ms of a make's first chunk writes.
     */
    @Override
    public String getMessage() {
        return (path == null || path.isEmpty() ? "" : path + ": ") + Errnos.describe(errno) + " (" + operation + ")";
    }

    public int errno() { return errno; }
    public String errnoName() { return Errnos.name(errno); }
    public String operation() { return operation; }
    public String path() { return path; }
    /** The reason alone, e.g. {@code Read-only file system}, for messages that name the path themselves. */
    public String reason() { return Errnos.describe(errno); }

    public boolean is(int code) { return errno == code; }

    /** The same failure, reported against the full path the caller knows (the facade sees only names). */
    public PosixException at(String fullPath) {
        PosixException e = new PosixException(operation, fullPath, errno);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
