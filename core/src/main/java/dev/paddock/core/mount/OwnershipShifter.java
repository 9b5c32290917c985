package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import dev.paddock.core.fs.DisplayPath;
import dev.paddock.core.shift.ShiftConfig;
import dev.paddock.core.shift.ShiftEngine;
import dev.paddock.core.shift.ShiftListener;
import dev.paddock.core.shift.ShiftResult;
import dev.paddock.core.shift.ShiftTarget;
import dev.paddock.sys.Posix;

/**
 * The chown method's shifter: shift-own's engine run over the merged overlay view, so ACLs, setuid bits
 * and capabilities come out exactly as shift-own makes them. It crosses mounts because the only
 * "mounts" below a fresh overlay are overlayfs's own per-layer device numbers, not submounts.
 */
public final class OwnershipShifter implements TreeShifter {
    private final ShiftEngine engine;
    private final int parallelism;

    public OwnershipShifter(Posix posix, int parallelism) {
        this.engine = new ShiftEngine(posix);
        this.parallelism = parallelism;
    }

    /** As many walker threads as shift-own uses by default (see {@link ShiftConfig#defaultParallelism}). */
    public static OwnershipShifter withDefaultThreads() {
        return new OwnershipShifter(Posix.get(), ShiftConfig.defaultParallelism());
    }

    @Override
    public long shift(Path root, long from, long to, long range) throws IOException {
        ShiftConfig config;
        try {
            config = ShiftConfig.of(to).withRange(range).withFrom(from).withCrossMounts(true).withParallelism(parallelism);
        } catch (IllegalArgumentException e) {
            throw new ShiftMountException("chown method: " + e.getMessage(), e);
        }
        ShiftTarget target = engine.prepare(config, root.toString());
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ShiftListener listener = new ShiftListener() {
            @Override
            public void failed(DisplayPath path, IOException error) {
                firstFailure.compareAndSet(null, describe(path, error));
            }
        };
        ShiftResult result = engine.shift(target, config, listener);
        if (result.failures() > 0) {
            String more = result.failures() > 1 ? " (and " + (result.failures() - 1) + " more)" : "";
            throw new ShiftMountException("cannot shift " + firstFailure.get() + more);
        }
        return result.inTarget();
    }

    private static String describe(DisplayPath path, IOException error) {
        String msg = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        // PosixExceptions already start with the path; others get it prepended.
        return msg.startsWith(path.toString()) ? msg : path + ": " + msg;
    }
}
