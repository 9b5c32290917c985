package dev.paddock.core.fs;

/**
 * How a {@link TreeWalker} walks.
 *
 * @param crossMounts descend into directories that are the roots of other mounts
 * @param parallelism how many threads list and visit directories at once (at least 1)
 * @param rootLast    visit the root after everything below it instead of first
 */
public record WalkOptions(boolean crossMounts, int parallelism, boolean rootLast) {
    public WalkOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** One thread per available processor, staying on one filesystem, root first. */
    public static WalkOptions defaults() {
        return new WalkOptions(false, Runtime.getRuntime().availableProcessors(), false);
    }

    public WalkOptions withCrossMounts(boolean cross) {
        return new WalkOptions(cross, parallelism, rootLast);
    }

    public WalkOptions withParallelism(int threads) {
        return new WalkOptions(crossMounts, threads, rootLast);
    }

    public WalkOptions withRootLast(boolean last) {
        return new WalkOptions(crossMounts, parallelism, last);
    }
}
