package dev.paddock.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import dev.paddock.sys.PosixException;

/** Turns an exception into the reason part of a one-line error. */
final class Failures {
    private Failures() {}

    static String describe(Throwable ex) {
        if (ex instanceof PosixException p) {
            return p.path() == null || p.path().isEmpty() ? p.reason() : p.path() + ": " + p.reason();
        }
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "No such file or directory");
        }
        if (ex instanceof NotDirectoryException e) {
            return e.getFile() + ": Not a directory";
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getFile() + ": Permission denied";
        }
        if (ex instanceof FileAlreadyExistsException e) {
            return e.getFile() + ": File exists";
        }
        String msg = ex.getMessage();
        if ((msg == null || msg.isBlank()) && interruption(ex)) {
            return "interrupted"; // by a signal (SignalCleanup), or a channel closed by one
        }
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ');
    }

    private static boolean interruption(Throwable ex) {
        return ex instanceof java.nio.channels.ClosedByInterruptException || ex instanceof java.io.InterruptedIOException
                || ex instanceof InterruptedException;
    }
}
