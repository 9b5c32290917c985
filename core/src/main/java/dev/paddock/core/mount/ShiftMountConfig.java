package dev.paddock.core.mount;

import java.nio.file.Path;

/**
 * @param runDir    runtime directory; idmapped clones of LOWER are attached under
 *                  {@code runDir/shift-mount/} (default {@code /run/paddock})
 * @param features  what the kernel offers (probed, possibly with features switched off by configuration)
 * @param shifter   the ownership shifter the chown method runs over the merged view
 */
public record ShiftMountConfig(Path runDir, KernelFeatures features, TreeShifter shifter) {
    public static final Path DEFAULT_RUN_DIR = Path.of("/run/paddock");

    public Path stagingRoot() {
        return runDir.resolve(ShiftMounter.STAGING_DIR);
    }
}
