package dev.paddock.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

import dev.paddock.sys.Posix;

/**
 * Guards for tests that need root or a peer tool. Under {@code CI=true} a missing prerequisite fails
 * the test, because CI runs as root with everything installed and a skip there would hide a gap;
 * elsewhere the test is skipped with the reason.
 */
public final class Prereqs {
    private Prereqs() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void require(boolean ok, String what) {
        if (inCi() && !ok) {
            throw new AssertionError("CI=true but prerequisite missing: " + what);
        }
        assumeTrue(ok, "prerequisite missing: " + what);
    }

    public static void requireRoot() {
        require(Posix.get().geteuid() == 0, "root privileges");
    }

    public static void requireTool(String name) {
        require(findTool(name) != null, "the " + name + " command (see scripts/test for the package)");
    }

    /** The absolute path of {@code name} on PATH or in the sbin directories, or null. */
    public static String findTool(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
