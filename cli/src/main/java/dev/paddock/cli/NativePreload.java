package dev.paddock.cli;

import java.util.List;
import java.util.Set;

import com.github.luben.zstd.util.Native;

import dev.paddock.sys.Crypto;
import dev.paddock.sys.Posix;

/**
 * Loads the native libraries a run will need on a second core while picocli builds its model and
 * parses the command line: jffi and libc for shift-own; for the image commands that move data, also
 * libcrypto (chunk ids) and zstd-jni. Loading and model building each take tens of milliseconds of a
 * short run and do not depend on each other. Runs that only print help or a version load nothing.
 */
final class NativePreload {
    private static final List<String> NO_NATIVE = List.of("-h", "--help", "-V", "--version");
    private static final Set<String> IMAGE_DATA_COMMANDS = Set.of("make", "extract", "list", "mtree", "digest");

    private NativePreload() {}

    /** Starts loading in the background when the command line will need it; returns at once. */
    static void startFor(String entry, String[] args) {
        for (String arg : args) {
            if (NO_NATIVE.contains(arg)) {
                return;
            }
        }
        Runnable load;
        if ("shift-own".equals(entry)) {
            load = Posix::get;
        } else if (entry == null && args.length > 1 && args[0].equals("image") && IMAGE_DATA_COMMANDS.contains(args[1])) {
            load = NativePreload::forImages;
        } else {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                load.run();
            } catch (Throwable e) {
                // The command's own call reports the failure where it is handled.
            }
        }, "paddock-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void forImages() {
        Posix.get();
        Crypto.get();
        Native.load();
    }
}
