package dev.paddock.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.paddock.core.container.ContainerManager;
import dev.paddock.core.container.ContainerName;
import dev.paddock.core.container.ContainerRecord;
import dev.paddock.core.container.ContainerStatus;
import dev.paddock.core.container.CreateRequest;
import dev.paddock.core.container.NetworkMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code paddock container ...}: the launcher on systemd-nspawn. */
@Command(name = "container", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Create and run system containers on systemd-nspawn.",
                "Each container gets a reserved uid/gid range, a shifted view of one shared copy of its image, "
                        + "and runs with --private-users=BASE:RANGE."})
final class ContainerCommands implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The fields every container listing shows, for --json. */
    record ContainerJson(String name, String state, long pid, String image, String imageDigest, String lower, long base,
                         String baseHex, long range, String method, String network, String address) {
        static ContainerJson of(ContainerStatus s) {
            ContainerRecord r = s.record();
            return new ContainerJson(r.name().value(), s.state(), s.pid(), r.image(), r.imageDigest(), r.lower().toString(),
                    r.base(), Numbers.hex(r.base()), r.range(), r.method(), r.network().name().toLowerCase(java.util.Locale.ROOT),
                    r.address());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Create container NAME from an image.",
                    "Extracts the image once per host (shared by every container of it), reserves a uid/gid range "
                            + "unless NAME has one, mounts the shifted view at ROOT/containers/NAME/rootfs and records "
                            + "the configuration. An interrupted create is finished by running it again."})
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--image", required = true, paramLabel = "IMAGE.caidx", description = "The image index.") Path image;
        @Option(names = "--store", paramLabel = "S", description = "Chunk store (default: default.castr beside the index).") String store;
        @Mixin S3EndpointOption s3;
        @Option(names = "--method", defaultValue = "auto", paramLabel = "auto|idmap|chown",
                description = "How the view is shifted (default: ${DEFAULT-VALUE}).") String method;
        @Option(names = "--network", defaultValue = "host", paramLabel = "host|none|veth",
                description = "host: the host's network; none: loopback only; veth: a veth pair with addresses from "
                        + "the host's subnet (default: ${DEFAULT-VALUE}).") NetworkMode network;
        @Option(names = "--size", defaultValue = "0x10000", converter = Numbers.class, paramLabel = "N",
                description = "Ids to reserve (default: ${DEFAULT-VALUE}).") long size;
        @Option(names = "--unit", description = "Also write the systemd drop-in paddock-container@NAME.service.d/50-paddock.conf.")
        boolean unit;
        @Option(names = "--unit-dir", defaultValue = "/etc/systemd/system", paramLabel = "DIR",
                description = "Where --unit writes the drop-in (default: ${DEFAULT-VALUE}).") Path unitDir;
        @Option(names = "--json", description = "Print the container as JSON.") boolean json;

        @Override
        public Integer call() throws Exception {
            if (!List.of("auto", "idmap", "chown").contains(method)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--method': '" + method + "' (use auto, idmap or chown)");
            }
            ContainerManager m = Launcher.manager(registry, s3.settings(dev.paddock.core.store.StoreCopier.DEFAULT_CONCURRENCY));
            ContainerRecord r = m.create(new CreateRequest(new ContainerName(name), image, store, method, network, size));
            if (unit) {
                Launcher.writeDropIn(registry, r, unitDir);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, ContainerJson.of(m.status(r.name())));
            } else {
                out.println("Created " + r.name() + ": range " + Numbers.hex(r.base()) + "+" + Numbers.hex(r.range())
                        + ", method " + r.method() + ", image " + r.lower());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Run a command in container NAME (default: /bin/sh) and exit with its status.")
    static final class Run implements Callable<Integer> {
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", paramLabel = "CMD", description = "The command, after --.") List<String> command = new ArrayList<>();
        @Option(names = "--nspawn-arg", paramLabel = "ARG", description = "An extra systemd-nspawn argument (repeatable).")
        List<String> nspawnArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<String> cmd = command.isEmpty() ? List.of("/bin/sh") : command;
            return Launcher.manager(registry).run(new ContainerName(name), cmd, nspawnArgs);
        }
    }

    @Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Open an interactive shell (/bin/sh -l) in container NAME: inside the running container if it "
                    + "was started, else in a one-off run.")
    static final class Shell implements Callable<Integer> {
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            return Launcher.manager(registry).shell(new ContainerName(name));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Boot container NAME's init in the background; its console goes to ROOT/containers/NAME/console.log.")
    static final class Start implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--nspawn-arg", paramLabel = "ARG", description = "An extra systemd-nspawn argument (repeatable).")
        List<String> nspawnArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            long pid = Launcher.manager(registry).start(new ContainerName(name), nspawnArgs);
            spec.commandLine().getOut().println("Started " + name + " (systemd-nspawn pid " + pid + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Stop a started container: SIGTERM to systemd-nspawn, SIGKILL after --timeout seconds.")
    static final class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS") long timeout;

        @Override
        public Integer call() throws Exception {
            boolean stopped = Launcher.manager(registry).stop(new ContainerName(name), timeout);
            spec.commandLine().getOut().println(stopped ? "Stopped " + name : name + " is not running");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show container NAME: state, range, image, method and network.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() throws Exception {
            ContainerStatus s = Launcher.manager(registry).status(new ContainerName(name));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, ContainerJson.of(s));
                return ExitCodes.OK;
            }
            ContainerRecord r = s.record();
            out.println(r.name() + ": " + s.state() + (s.running() ? " (systemd-nspawn pid " + s.pid() + ")" : ""));
            out.println("  range:   " + Numbers.hex(r.base()) + "+" + Numbers.hex(r.range()));
            out.println("  image:   " + r.image() + " (" + r.imageDigest() + ")");
            out.println("  lower:   " + r.lower());
            out.println("  method:  " + r.method());
            out.println("  network: " + r.network().name().toLowerCase(java.util.Locale.ROOT)
                    + (r.address().isEmpty() ? "" : " " + r.address()));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List containers: NAME, STATE, BASE, METHOD and IMAGE.")
    static final class ListAll implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() throws Exception {
            List<ContainerStatus> all = Launcher.manager(registry).list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, all.stream().map(ContainerJson::of).toList());
                return ExitCodes.OK;
            }
            out.printf("%-24s %-8s %-12s %-7s %s%n", "NAME", "STATE", "BASE", "METHOD", "IMAGE");
            for (ContainerStatus s : all) {
                out.printf("%-24s %-8s %-12s %-7s %s%n", s.record().name(), s.state(), Numbers.hex(s.record().base()),
                        s.record().method(), s.record().image());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Stop and unmount container NAME, remove its state and release its range.")
    static final class Remove implements Callable<Integer> {
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--keep-reservation", description = "Keep the uid/gid range reserved for NAME.") boolean keep;

        @Override
        public Integer call() throws Exception {
            Launcher.manager(registry).remove(new ContainerName(name), keep);
            return ExitCodes.OK;
        }
    }

    @Command(name = "network-up", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Address the veth pair of running container NAME (used by paddock-veth@.service).",
                    "systemd-nspawn --network-veth makes the pair; this gives the host end and the container's host0 "
                            + "their addresses from the host's subnet and a default route via the host."})
    static final class Network implements Callable<Integer> {
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--pid", paramLabel = "PID", description = "systemd-nspawn's pid (default: from 'container start').")
        long pid;

        @Override
        public Integer call() throws Exception {
            Launcher.manager(registry).networkUp(new ContainerName(name), pid);
            return ExitCodes.OK;
        }
    }
}
