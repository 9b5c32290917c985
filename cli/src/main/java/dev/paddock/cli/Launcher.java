package dev.paddock.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.paddock.core.container.ContainerManager;
import dev.paddock.core.container.ContainerRecord;
import dev.paddock.core.container.HostFacts;
import dev.paddock.core.container.HostRegistry;
import dev.paddock.core.container.IndexExtractor;
import dev.paddock.core.container.ShiftMountViews;
import dev.paddock.core.mount.ShiftMounter;
import dev.paddock.core.container.LauncherConfig;
import dev.paddock.core.container.ReservationPolicy;
import dev.paddock.core.container.SharedImages;
import dev.paddock.core.container.UnitTemplates;
import dev.paddock.core.container.VethPlan;

/** Wires the container launcher's core pieces to the real image extractor and shift-mount. */
final class Launcher {
    private Launcher() {}

    static LauncherConfig config(RegistryOptions options) {
        return new LauncherConfig(options.registry(), ReservationPolicy.host(), HostFacts.fromEnvironment(System.getenv()),
                System.getenv().getOrDefault("PADDOCK_SUBNET", VethPlan.DEFAULT_SUBNET), java.time.Clock.systemUTC());
    }

    static ContainerManager manager(RegistryOptions options) {
        return manager(options, dev.paddock.core.store.S3Settings.defaults());
    }

    /** The manager, with the settings for S3 stores an image is extracted from. */
    static ContainerManager manager(RegistryOptions options, dev.paddock.core.store.S3Settings s3) {
        LauncherConfig config = config(options);
        int threads = Runtime.getRuntime().availableProcessors();
        SharedImages images = new SharedImages(config.registry(), new IndexExtractor(System.getenv("CASYNC_STORE"), threads, s3,
                message -> System.err.println("paddock container: warning: " + message)));
        return new ContainerManager(config, images, new ShiftMountViews(new ShiftMounter(ShiftMountEnvironment.config())));
    }

    static UnitTemplates templates(RegistryOptions options, Path binDir) throws IOException {
        HostFacts host = HostFacts.fromEnvironment(System.getenv());
        Path bin = binDir != null ? binDir
                : host.tool("shift-mount").map(p -> p.toAbsolutePath().getParent()).orElse(Path.of("/usr/local/bin"));
        return new UnitTemplates(bin, host.nspawn(), host.tool("ip").orElse(Path.of("/usr/sbin/ip")),
                options.registry().root());
    }

    static void writeDropIn(RegistryOptions options, ContainerRecord r, Path unitDir) throws IOException {
        UnitTemplates t = templates(options, null);
        Path file = unitDir.resolve("paddock-container@" + r.name() + ".service.d").resolve(UnitTemplates.DROP_IN);
        HostRegistry.writeAtomically(file, t.dropIn(r.name(), r.lower(), r.base(), r.range(), r.method(), nspawnArgs(r),
                r.network() == dev.paddock.core.container.NetworkMode.VETH));
    }

    private static List<String> nspawnArgs(ContainerRecord r) {
        return switch (r.network()) {
            case HOST -> List.of();
            case NONE -> List.of("--private-network");
            case VETH -> Arrays.asList("--network-veth");
        };
    }
}
