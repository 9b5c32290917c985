package dev.paddock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.paddock.core.mount.Method;
import dev.paddock.core.mount.PaddockMount;
import dev.paddock.core.mount.ShiftMount;
import dev.paddock.core.mount.ShiftMountConfig;
import dev.paddock.core.mount.ShiftMountResult;
import dev.paddock.core.mount.ShiftMountSpec;
import dev.paddock.core.mount.ShiftMounter;
import dev.paddock.core.systemd.SystemdNotify;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shift-mount}: LOWER shared read-only, seen through an overlay with its ids shifted, writes going
 * to STATE. Thin: parses, calls {@link ShiftMounter}, renders; holds the mount in the foreground until
 * SIGTERM/SIGINT unless --oneshot.
 */
@Command(name = "shift-mount", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 100,
        customSynopsis = {
            "shift-mount [--oneshot] [-s SHIFT] [-r RANGE] [--method auto|idmap|chown] [--json] [-v] LOWER STATE MOUNTPOINT",
            "shift-mount --umount MOUNTPOINT",
            "shift-mount --list [--json]"},
        description = {
            "Mount LOWER at MOUNTPOINT through overlayfs with ids 0..RANGE-1 shown as SHIFT..SHIFT+RANGE-1,"
                    + " writes going to STATE/upper (STATE/work is overlayfs's scratch dir). LOWER is never"
                    + " modified, so many mounts can share it with different shifts.",
            "",
            "Methods: idmap maps LOWER through an idmapped mount (Linux 5.19+): nothing is copied or"
                    + " walked and the time does not depend on the tree's size, so its summary line states the"
                    + " mapping ('Files under MP with ids 0x0-0xffff shifted with SHIFT using range RANGE (idmapped,"
                    + " not counted)') instead of counting. chown shifts the merged view like shift-own, with"
                    + " metacopy=on so that only metadata is copied up, and counts the files now in range."
                    + " auto (default) uses idmap where the kernel and LOWER's filesystem allow it and the"
                    + " shift is not 0 (nothing to map), else chown. The method used (and why auto fell back)"
                    + " is printed on stderr with -v and reported by --json.",
            "",
            "Without --oneshot the command stays in the foreground holding the mount and unmounts on"
                    + " SIGTERM or SIGINT (systemd Type=simple, or Type=notify: READY=1 is sent once mounted)."
                    + " With --oneshot it exits leaving the mount in place (Type=oneshot, RemainAfterExit=yes);"
                    + " take it down with --umount."},
        footer = {"", "Environment: PADDOCK_RUN_DIR (default /run/paddock) holds the idmapped clones of LOWER;"
                + " PADDOCK_KERNEL_WITHOUT=idmap,overlay-idmap,metacopy makes the probe treat those features"
                + " as missing. Design: docs/shift-mount.md."})
public final class ShiftMountCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--oneshot", description = "Mount, shift and exit, leaving the mount in place.")
    boolean oneshot;

    @Option(names = {"-s", "--shift"}, paramLabel = "SHIFT", defaultValue = "0x0", converter = Numbers.class,
            description = "First host id of the container's range (hex or decimal; default ${DEFAULT-VALUE}).")
    long shift;

    @Option(names = {"-r", "--range"}, paramLabel = "RANGE", defaultValue = "0x10000", converter = Numbers.class,
            description = "Number of ids shifted (default ${DEFAULT-VALUE}).")
    long range;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
            description = "auto, idmap or chown (default ${DEFAULT-VALUE}).")
    Method method;

    @Option(names = "--json", description = "Print the result (or --list) as JSON.")
    boolean json;

    @Option(names = "--umount", paramLabel = "MOUNTPOINT",
            description = "Unmount a shift-mount: the overlay, then the idmapped clone of LOWER it used.")
    String umount;

    @Option(names = "--list", description = "List paddock's shifted mounts: mountpoint, lower, state, shift, range, method.")
    boolean list;

    @Option(names = {"-v", "--verbose"}, description = "Say on stderr which method was used and why.")
    boolean verbose;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Parameters(paramLabel = "PATH", arity = "0..3", description = "LOWER STATE MOUNTPOINT")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ShiftMounter mounter = new ShiftMounter(config());
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            requireNoPaths("--list");
            renderList(mounter.list(), out);
            return ExitCodes.OK;
        }
        if (umount != null) {
            requireNoPaths("--umount");
            mounter.unmount(Path.of(umount));
            if (json) {
                Json.print(out, Map.of("unmounted", umount));
            } else {
                out.println("Unmounted " + umount);
            }
            out.flush();
            return ExitCodes.OK;
        }
        if (paths.size() != 3) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "expected LOWER STATE MOUNTPOINT, got " + paths.size() + " path(s)");
        }
        ShiftMountSpec request;
        try {
            request = new ShiftMountSpec(Path.of(paths.get(0)), Path.of(paths.get(1)), Path.of(paths.get(2)), shift,
                    range, method);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // In the foreground a stop request may come while mounting: catch it from the start, so that the
        // mount is then made whole and taken down again rather than left behind by a killed JVM.
        StopRequest stop = oneshot ? null : StopRequest.catchSignals();
        try {
            ShiftMount mount = mounter.mount(request);
            render(mount.result(), out);
            if (oneshot) {
                return ExitCodes.OK;
            }
            return holdUntil(stop, mount);
        } finally {
            if (stop != null) {
                stop.finished.countDown();
            }
        }
    }

    private void requireNoPaths(String option) {
        if (!paths.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " takes no LOWER STATE MOUNTPOINT");
        }
    }

    private ShiftMountConfig config() {
        try {
            return ShiftMountEnvironment.config();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void render(ShiftMountResult r, PrintWriter out) throws IOException {
        String mp = paths.get(2);
        if (verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(Commands.toolName(spec.commandLine()) + ": method " + r.method().label()
                    + (r.fallbackReason() == null ? "" : " (" + r.fallbackReason() + ")")
                    + (r.walkSkipped() ? "; STATE already shifted, walk skipped" : ""));
            err.flush();
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mountpoint", mp);
            m.put("lower", paths.get(0));
            m.put("state", paths.get(1));
            m.put("shift", hex(r.shift()));
            m.put("range", hex(r.range()));
            m.put("method", r.method().label());
            m.put("files", r.files());
            m.put("walkSkipped", r.walkSkipped());
            m.put("fallbackReason", r.fallbackReason());
            m.put("lowerClone", r.lowerClone() == null ? null : r.lowerClone().toString());
            m.put("foreground", !oneshot);
            Json.print(out, m);
        } else {
            out.println("Mounted " + mp);
            if (r.files() != null) {
                out.println(r.files() + " files under " + mp + " shifted with " + hex(r.shift()) + " using range "
                        + hex(r.range()));
            } else {
                out.println("Files under " + mp + " with ids " + hex(0) + "-" + hex(r.range() - 1) + " shifted with "
                        + hex(r.shift()) + " using range " + hex(r.range()) + " (idmapped, not counted)");
            }
        }
        out.flush();
    }

    private void renderList(List<PaddockMount> mounts, PrintWriter out) throws IOException {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PaddockMount m : mounts) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("mountpoint", m.mountpoint());
                row.put("lower", m.lower());
                row.put("state", m.state());
                row.put("shift", hex(m.shift()));
                row.put("range", hex(m.range()));
                row.put("method", m.method());
                row.put("lowerClone", m.lowerClone());
                rows.add(row);
            }
            Json.print(out, rows);
        } else {
            String fmt = "%-30s %-30s %-30s %-9s %-9s %s%n";
            out.printf(fmt, "MOUNTPOINT", "LOWER", "STATE", "SHIFT", "RANGE", "METHOD");
            for (PaddockMount m : mounts) {
                out.printf(fmt, m.mountpoint(), m.lower() == null ? "?" : m.lower(), m.state(), hex(m.shift()),
                        hex(m.range()), m.method());
            }
        }
        out.flush();
    }

    private static String hex(long v) {
        return v < 0 ? "?" : Numbers.hex(v);
    }

    /**
     * SIGTERM and SIGINT run the JVM's shutdown hooks. The hook registered here hands the stop to the
     * main thread, waits until it has unmounted, and ends the process with its status: 0 for a clean
     * stop, as a systemd service expects. It is registered before mounting, so a stop that arrives
     * while mounting lets the mount finish and then takes it down rather than leaving half of it.
     */
    private static final class StopRequest {
        final CountDownLatch requested = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        volatile int exitCode = ExitCodes.FAILURE;

        static StopRequest catchSignals() {
            StopRequest stop = new StopRequest();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.requested.countDown();
                try {
                    stop.finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(stop.exitCode);
            }, "shift-mount-stop"));
            return stop;
        }
    }

    /** Holds the mount until a stop is requested, then unmounts. */
    private int holdUntil(StopRequest stop, ShiftMount mount) throws IOException, InterruptedException {
        SystemdNotify.ready(System.getenv(), "mounted " + paths.get(2));
        stop.requested.await();
        SystemdNotify.stopping(System.getenv());
        try {
            mount.unmount();
            stop.exitCode = ExitCodes.OK;
        } catch (IOException e) {
            System.err.println(Commands.toolName(spec.commandLine()) + ": " + Failures.describe(e));
            System.err.flush();
        }
        return stop.exitCode;
    }
}
