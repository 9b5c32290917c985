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
                address = VethPlan.of(name, r.base(), config.subnet()).containerAddress();
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
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            if (rec.network() == NetworkMode.VETH) {
                network().down(VethPlan.of(name, rec.base(), config.subnet()));
            }
        }
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
        argv.add(argv.indexOf("--boot"), "--console=read-only");
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(l.console().toFile())).start();
        HostRegistry.writeAtomically(l.pidFile(), p.pid() + "\n");
        return p.pid();
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
        if (rec.network() == NetworkMode.VETH) {
            network().down(VethPlan.of(name, rec.base(), config.subnet()));
        }
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
        Path netns = null;
        if (rec.network() == NetworkMode.VETH) {
            VethPlan plan = VethPlan.of(rec.name(), rec.base(), config.subnet());
            network().up(plan);
            netns = network().netnsPath(plan);
        }
        return new NspawnInvocation(config.host().nspawn(), rec.name(), l.rootfs(), rec.base(), rec.range(),
                config.host().systemBus(), rec.network(), netns, command, extraArgs);
    }

    private VethNetwork network() throws IOException {
        return new VethNetwork(config.host().tool("ip").orElseThrow(() -> new HostFacts.ToolMissingException("ip", "iproute2")));
    }

    /** Brings up (or down) a container's veth pair by itself, for the paddock-veth@ unit. */
    public void networkUp(ContainerName name, boolean up) throws IOException {
        ContainerRecord rec = records.get(name);
        if (rec.network() != NetworkMode.VETH) {
            throw new IOException(name + ": is not configured with --network veth");
        }
        VethPlan plan = VethPlan.of(name, rec.base(), config.subnet());
        if (up) {
            network().up(plan);
        } else {
            network().down(plan);
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
            if (rec.get().network() == NetworkMode.VETH) {
                network().down(VethPlan.of(name, rec.get().base(), config.subnet()));
            }
        }
        if (mounter.isMounted(l.rootfs())) {
            mounter.unmount(l.rootfs());
        }
        Trees.deleteIfExists(l.dir());
        if (!keepReservation && reservations.find(name).isPresent()) {
            reservations.release(name);
        } else if (keepReservation && reservations.find(name).isPresent()) {
            reservations.setState(name, ReservationState.RESERVED);
        }
    }
}
