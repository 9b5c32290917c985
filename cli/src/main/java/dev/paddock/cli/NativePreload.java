package dev.paddock.cli;

import java.util.List;

import dev.paddock.sys.Posix;

/**
 * Binds libc on a second core while picocli builds its model and parses the command line. Binding
 * (jnr-ffi generating its stubs) and model building each take tens of milliseconds of a short
 * shift-own run and do not depend on each other. Runs that only print help or a version never bind.
 */
final class NativePreload {
    private static final List<String> NO_NATIVE = List.of("-h", "--help", "-V", "--version");

    private NativePreload() {}

    /** Starts binding in the background when {@code entry} will need it; returns at once. */
    static void startFor(String entry, String[] args) {
        if (!"shift-own".equals(entry)) {
            return;
        }
        for (String arg : args) {
            if (NO_NATIVE.contains(arg)) {
                return;
            }
        }
        Thread t = new Thread(NativePreload::bind, "paddock-bind");
        t.setDaemon(true);
        t.start();
    }

    private static void bind() {
        try {
            Posix.get();
        } catch (Throwable e) {
            // The command's own call reports the failure where it is handled.
        }
    }
}
