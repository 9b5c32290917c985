package dev.paddock.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The container lifecycle: create (shared image, reservation, shifted view, record), run, start,
 * stop, status, shell and rm. {@code create} is resumable: a marker file says a create is under way,
 * every step is idempotent, and a failure rolls back what this create made, so a kill followed by a
 * rerun (or by {@code rm}) leaves no leaked reservation and no stray mount.
 */
public final class ContainerManager {
    private static final long NETWORK_TIMEOUT_MS = 10_000;

    private final LauncherConfig config;
    private final SharedImages images;
    private final ViewMounter mounter;
    private final ContainerRecords records;
    private final ReservationBook reservations;

    public ContainerManager(LauncherConfig config, SharedImages images, ViewMounter mounter) {
        this.config = config;
        this.images = images;
        this.mounter = mounter;
        this.records = new ContainerRecords(config.registry());
        this.reservations = config.reservations();
    }

    private ContainerLayout layout(ContainerName name) {
        return ContainerLayout.of(config.registry(), name);
    }

    // ---- create ------------------------------------------------------------------------------------

    public ContainerRecord create(CreateRequest req) throws IOException {
        config.host().nspawn(); // fails before anything changes when nspawn is missing
        ContainerName name = req.name();
        ContainerLayout l = layout(name);
        boolean resuming = Files.exists(l.creating());
        if (!resuming && (records.find(name).isPresent() || Files.exists(l.dir()))) {
            throw new IOException(name + ": a container of that name already exists");
        }
        if (!Files.isRegularFile(req.image())) {
            throw new NoSuchFileException(req.image().toString(), null, "no such image");
        }
        Files.createDirectories(l.dir());
        boolean reservedHere = resuming ? Files.readString(l.creating()).contains("reserved=yes")
                : reservations.find(name).isEmpty();
        Files.writeString(l.creating(), "reserved=" + (reservedHere ? "yes" : "no") + "\n", StandardCharsets.UTF_8);
        try {
            Path lower = images.ensure(req.image(), req.store());
            Reservation r = reservations.reserve(name, req.size());
            Files.createDirectories(l.rootfs());
            String method = req.method();
            if (!mounter.isMounted(l.rootfs())) {
                method = mounter.mount(lower, l.state(), l.rootfs(), r.base(), r.size(), req.method());
            }
            String address = "";
            if (req.network() == NetworkMode.VETH) {
                address = VethPlan.of(r.base(), config.registry().recordSubnet(config.subnet())).containerAddress();
            }
            ContainerRecord rec = new ContainerRecord(name, req.image().toString(), SharedImages.digest(req.image()), lower,
                    req.store() == null ? "" : req.store(), r.base(), r.size(), method, req.network(), address,
                    Instant.now(config.clock()).toString());
            records.write(rec);
            reservations.setState(name, ReservationState.IN_USE);
            Files.delete(l.creating());
            return rec;
        } catch (IOException | RuntimeException e) {
            rollBack(name, reservedHere, e);
            throw e;
        }
    }

    private void rollBack(ContainerName name, boolean releaseReservation, Exception cause) {
        ContainerLayout l = layout(name);
        try {
            if (mounter.isMounted(l.rootfs())) {
                mounter.unmount(l.rootfs());
            }
            mounter.releaseLeftovers(l.rootfs());
            Trees.deleteIfExists(l.dir());
            if (releaseReservation && reservations.find(name).isPresent()) {
                reservations.release(name);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    // ---- run / start / stop ------------------------------------------------------------------------

    /** Runs {@code command} in the container with this process's standard streams; returns its exit code. */
    public int run(ContainerName name, List<String> command, List<String> extraArgs) throws IOException {
        ContainerRecord rec = records.get(name);
        if (running(name).isPresent()) {
            throw new IOException(name + ": is running (booted); use 'paddock container shell' to enter it");
        }
        NspawnInvocation inv = prepare(rec, command, extraArgs);
        Process p = new ProcessBuilder(inv.argv()).inheritIO().start();
        try {
            if (rec.network() == NetworkMode.VETH) {
                configureNetwork(rec, p.pid());
            }
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            p.destroy();
            throw e;
        }
    }

    /**
     * An interactive shell: in a booted container, joined to its namespaces with nsenter; otherwise in a
     * fresh one-off container.
     */
    public int shell(ContainerName name) throws IOException {
        records.get(name);
        Optional<Long> pid = running(name);
        if (pid.isEmpty()) {
            return run(name, List.of("/bin/sh", "-l"), List.of());
        }
        long leader = VethNetwork.leaderOf(pid.get(), "user")
                .orElseThrow(() -> new IOException(name + ": cannot find the container's init under nspawn pid " + pid.get()));
        Path nsenter = config.host().tool("nsenter").orElseThrow(() -> new HostFacts.ToolMissingException("nsenter", "util-linux"));
        Process p = new ProcessBuilder(nsenter.toString(), "--target", Long.toString(leader), "--all", "--", "/bin/sh", "-l")
                .inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void configureNetwork(ContainerRecord rec, long nspawnPid) throws IOException {
        network().configure(nspawnPid, VethPlan.of(rec.base(), config.registry().subnet(config.subnet())),
                NETWORK_TIMEOUT_MS);
    }

    /** Boots the image's init in the background; its console goes to console.log. Returns nspawn's pid. */
    public long start(ContainerName name, List<String> extraArgs) throws IOException {
        ContainerRecord rec = records.get(name);
        Optional<Long> already = running(name);
        if (already.isPresent()) {
            return already.get();
        }
        ContainerLayout l = layout(name);
        NspawnInvocation inv = prepare(rec, List.of(), extraArgs);
        List<String> argv = new ArrayList<>();
        argv.add(config.host().tool("setsid").orElseThrow(() -> new HostFacts.ToolMissingException("setsid", "util-linux"))
                .toString());
        argv.addAll(inv.argv());
        int boot = argv.indexOf("--boot");
        argv.add(boot, "--console=read-only");
        if (isBusyboxInit(l.rootfs())) {
            // busybox init powers off on SIGUSR2; it ignores the SIGRTMIN+3 nspawn sends systemd.
            argv.add(boot, "--kill-signal=SIGUSR2");
        }
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(l.console().toFile())).start();
        HostRegistry.writeAtomically(l.pidFile(), p.pid() + "\n");
        if (rec.network() == NetworkMode.VETH) {
            try {
                configureNetwork(rec, p.pid());
            } catch (IOException e) {
                p.destroy();
                Files.deleteIfExists(l.pidFile());
                throw e;
            }
        }
        try {
            // nspawn fails fast when the image cannot boot; report that here rather than on the next status.
            if (p.waitFor(1500, TimeUnit.MILLISECONDS)) {
                Files.deleteIfExists(l.pidFile());
                throw new IOException(name + ": systemd-nspawn exited with status " + p.exitValue() + " while booting: "
                        + lastLine(l.console()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted starting " + name, e);
        }
        return p.pid();
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(x -> !x.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }

    /** Whether the image's /sbin/init is busybox, judged by its link target inside the image. */
    static boolean isBusyboxInit(Path rootfs) throws IOException {
        Path init = rootfs.resolve("sbin/init");
        for (int hops = 0; hops < 8 && Files.isSymbolicLink(init); hops++) {
            Path target = Files.readSymbolicLink(init);
            if (target.getFileName() != null && target.getFileName().toString().equals("busybox")) {
                return true;
            }
            init = target.isAbsolute() ? rootfs.resolve(target.toString().substring(1)) : init.resolveSibling(target);
        }
        return init.getFileName() != null && init.getFileName().toString().equals("busybox");
    }

    /** Stops a started container: SIGTERM to nspawn (which shuts the container down), SIGKILL after the timeout. */
    public boolean stop(ContainerName name, long timeoutSeconds) throws IOException {
        ContainerRecord rec = records.get(name);
        Optional<Long> pid = running(name);
        if (pid.isEmpty()) {
            return false;
        }
        ProcessHandle h = ProcessHandle.of(pid.get()).orElse(null);
        if (h != null) {
            h.destroy();
            try {
                h.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + name + " to stop", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(name + ": " + e.getCause().getMessage(), e);
            }
        }
        Files.deleteIfExists(layout(name).pidFile());
        return true;
    }

    /** nspawn's pid if the container was started and is still running. */
    public Optional<Long> running(ContainerName name) throws IOException {
        Path pidFile = layout(name).pidFile();
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (!Files.exists(cmdline)) {
            return Optional.empty();
        }
        // The pid may have been reused: it must still be nspawn running this machine.
        String cmd = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
        return cmd.contains("systemd-nspawn") && cmd.contains("--machine=" + name.value()) ? Optional.of(pid)
                : Optional.empty();
    }

    private NspawnInvocation prepare(ContainerRecord rec, List<String> command, List<String> extraArgs) throws IOException {
        ContainerLayout l = layout(rec.name());
        if (!mounter.isMounted(l.rootfs())) {
            // After a reboot or a manual umount the view is remade from the record.
            mounter.mount(rec.lower(), l.state(), l.rootfs(), rec.base(), rec.range(), rec.method());
        }
        return new NspawnInvocation(config.host().nspawn(), rec.name(), l.rootfs(), rec.base(), rec.range(),
                config.host().systemBus(), rec.network(), command, extraArgs);
    }

    private VethNetwork network() throws IOException {
        return new VethNetwork(config.host().tool("ip").orElseThrow(() -> new HostFacts.ToolMissingException("ip", "iproute2")),
                config.host().tool("nsenter").orElseThrow(() -> new HostFacts.ToolMissingException("nsenter", "util-linux")));
    }

    /**
     * Addresses the veth pair of a container that systemd-nspawn {@code nspawnPid} is running; for
     * the paddock-veth@ unit, which passes the container unit's main pid.
     */
    public void networkUp(ContainerName name, long nspawnPid) throws IOException {
        ContainerRecord rec = records.get(name);
        if (rec.network() != NetworkMode.VETH) {
            throw new IOException(name + ": is not configured with --network veth");
        }
        long pid = nspawnPid > 0 ? nspawnPid : running(name).or(() -> unitMainPid(name))
                .orElseThrow(() -> new IOException(name + ": is not running"));
        configureNetwork(rec, pid);
    }

    /** The main pid of paddock-container@NAME.service, when systemd runs it. */
    private Optional<Long> unitMainPid(ContainerName name) {
        Optional<Path> systemctl = config.host().tool("systemctl");
        if (systemctl.isEmpty() || !config.host().systemBus()) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(systemctl.get().toString(), "show", "--property=MainPID", "--value",
                    "paddock-container@" + name + ".service").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            long pid = p.waitFor() == 0 && out.matches("\\d+") ? Long.parseLong(out) : 0;
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // ---- status / list / rm ------------------------------------------------------------------------

    public ContainerStatus status(ContainerName name) throws IOException {
        ContainerRecord rec = records.get(name);
        return new ContainerStatus(rec, mounter.isMounted(layout(name).rootfs()), running(name).orElse(0L));
    }

    public List<ContainerStatus> list() throws IOException {
        List<ContainerStatus> out = new ArrayList<>();
        for (ContainerRecord rec : records.list()) {
            out.add(new ContainerStatus(rec, mounter.isMounted(layout(rec.name()).rootfs()), running(rec.name()).orElse(0L)));
        }
        return out;
    }

    /** Stops, unmounts and removes a container (or the remains of an interrupted create). */
    public void remove(ContainerName name, boolean keepReservation) throws IOException {
        ContainerLayout l = layout(name);
        Optional<ContainerRecord> rec = records.find(name);
        if (rec.isEmpty() && !Files.exists(l.dir())) {
            throw new NoSuchFileException(name.value(), null, "no such container");
        }
        if (rec.isPresent()) {
            stop(name, 30);
        }
        if (mounter.isMounted(l.rootfs())) {
            mounter.unmount(l.rootfs());
        }
        mounter.releaseLeftovers(l.rootfs());
        Trees.deleteIfExists(l.dir());
        if (!keepReservation && reservations.find(name).isPresent()) {
            reservations.release(name);
        } else if (keepReservation && reservations.find(name).isPresent()) {
            reservations.setState(name, ReservationState.RESERVED);
        }
    }
}
