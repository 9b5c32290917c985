package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the running kernel offers for shifted mounts. Probed once from the kernel release and overlayfs's
 * module parameters (no mount is made); {@link #without} lets configuration switch features off to
 * force the fallback paths, which is how the tests exercise a kernel that lacks them.
 *
 * @param idmappedMounts     mount_setattr(MOUNT_ATTR_IDMAP), Linux 5.12
 * @param overlayOnIdmapped  overlayfs accepting idmapped layers, Linux 5.19
 * @param metacopy           overlayfs metacopy=on (copy up metadata only), Linux 4.19
 */
public record KernelFeatures(boolean idmappedMounts, boolean overlayOnIdmapped, boolean metacopy) {
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

    public static KernelFeatures probe() {
        int[] v = release();
        boolean overlay = Files.isDirectory(Path.of("/sys/module/overlay")) || filesystems().contains("\toverlay\n");
        boolean metacopy = overlay && Files.exists(Path.of("/sys/module/overlay/parameters/metacopy"));
        return new KernelFeatures(atLeast(v, 5, 12), overlay && atLeast(v, 5, 19), metacopy);
    }

    /**
     * The same features with some switched off: {@code spec} is a comma-separated list of
     * {@code idmap}, {@code overlay-idmap} and {@code metacopy}; an empty or null spec changes nothing.
     */
    public KernelFeatures without(String spec) {
        if (spec == null || spec.isBlank()) {
            return this;
        }
        KernelFeatures f = this;
        for (String raw : spec.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "" -> { }
                case "idmap" -> f = new KernelFeatures(false, false, f.metacopy);
                case "overlay-idmap" -> f = new KernelFeatures(f.idmappedMounts, false, f.metacopy);
                case "metacopy" -> f = new KernelFeatures(f.idmappedMounts, f.overlayOnIdmapped, false);
                default -> throw new IllegalArgumentException("unknown kernel feature '" + raw.trim()
                        + "' (known: idmap, overlay-idmap, metacopy)");
            }
        }
        return f;
    }

    public boolean idmapOverlay() {
        return idmappedMounts && overlayOnIdmapped;
    }

    private static int[] release() {
        try {
            Matcher m = RELEASE.matcher(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
            if (m.find()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            }
        } catch (IOException | RuntimeException e) {
            // Unknown release: claim nothing, so auto falls back to chown.
        }
        return new int[] {0, 0};
    }

    private static String filesystems() {
        try {
            return Files.readString(Path.of("/proc/filesystems"));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean atLeast(int[] v, int major, int minor) {
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }
}
