package dev.paddock.cli;

import java.nio.file.Path;

import dev.paddock.core.mount.KernelFeatures;
import dev.paddock.core.mount.OwnershipShifter;
import dev.paddock.core.mount.ShiftMountConfig;

/**
 * The shift-mount configuration a host gives through its environment, the same for {@code shift-mount}
 * and for the container launcher's views: the state directory ({@code -Dpaddock.run.dir}, else
 * {@code PADDOCK_RUN_DIR}, else the default) and the probed kernel features less those
 * {@code PADDOCK_KERNEL_WITHOUT} names.
 */
final class ShiftMountEnvironment {
    private ShiftMountEnvironment() {}

    /** @throws IllegalArgumentException naming {@code PADDOCK_KERNEL_WITHOUT} if it lists an unknown feature */
    static ShiftMountConfig config() {
        String runDir = System.getProperty("paddock.run.dir", System.getenv("PADDOCK_RUN_DIR"));
        KernelFeatures features;
        try {
            features = KernelFeatures.probe().without(System.getenv("PADDOCK_KERNEL_WITHOUT"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PADDOCK_KERNEL_WITHOUT: " + e.getMessage(), e);
        }
        return new ShiftMountConfig(runDir == null || runDir.isEmpty() ? ShiftMountConfig.DEFAULT_RUN_DIR : Path.of(runDir),
                features, OwnershipShifter.withDefaultThreads());
    }
}
