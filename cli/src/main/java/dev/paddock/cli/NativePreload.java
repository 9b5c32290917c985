package dev.paddock.cli;

import java.text.BreakIterator;
import java.util.List;
import java.util.Set;

import com.github.luben.zstd.util.Native;

import dev.paddock.core.store.ChunkDigest;
import dev.paddock.sys.Crypto;
import dev.paddock.sys.Posix;

/**
 * Does on a second core, while picocli builds its model and parses the command line, the slow set-up a
 * run will need and that does not depend on the model: loading jffi and libc for shift-own; for the
 * image commands that move data, also libcrypto (chunk ids), zstd-jni and the JCA digests; for a help run, the line
 * breaker picocli wraps the text with. Each takes tens of milliseconds of a short run.
 *
 * <p>A thread subclass rather than a lambda: see {@link Registry} for what the first lambda costs.
 */
final class NativePreload extends Thread {
    private static final List<String> NO_NATIVE = List.of("-h", "--help", "-V", "--version");
    private static final Set<String> IMAGE_DATA_COMMANDS = Set.of("make", "extract", "list", "mtree", "digest");

    private enum Kind { HELP, SHIFT_OWN, IMAGES }

    private final Kind kind;

    private NativePreload(Kind kind) {
        super("paddock-preload");
        this.kind = kind;
        setDaemon(true);
    }

    /** Starts loading in the background when the command line will need it; returns at once. */
    static void startFor(String entry, String[] args) {
        Kind kind = kindFor(entry, args);
        if (kind != null) {
            new NativePreload(kind).start();
        }
    }

    private static Kind kindFor(String entry, String[] args) {
        for (String arg : args) {
            if (NO_NATIVE.contains(arg)) {
                return arg.equals("-h") || arg.equals("--help") ? Kind.HELP : null;
            }
        }
        if ("shift-own".equals(entry)) {
            return Kind.SHIFT_OWN;
        }
        if (entry == null && args.length > 1 && args[0].equals("image") && IMAGE_DATA_COMMANDS.contains(args[1])) {
            return Kind.IMAGES;
        }
        return null;
    }

    @Override
    public void run() {
        try {
            switch (kind) {
                // picocli wraps help text with a BreakIterator, whose first instance costs 15-20 ms: the
                // locale provider lookup and parsing the JDK's line-break rules.
                case HELP -> BreakIterator.getLineInstance().setText("");
                case SHIFT_OWN -> Posix.get();
                case IMAGES -> {
                    Posix.get();
                    Crypto.get();
                    Native.load();
                    // the make cache's name and checksum: the first MessageDigest sets up the JCA providers
                    ChunkDigest.SHA256.newEngine();
                }
            }
        } catch (Throwable e) {
            // The command's own call reports the failure where it is handled.
        }
    }
}
