package dev.paddock.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.paddock.core.container.HostRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code paddock units install}: writes the instanced systemd unit templates. */
@Command(name = "units", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage paddock's systemd unit templates.")
final class UnitsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    @Command(name = "install", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Write paddock-container@.service, paddock-veth@.service and paddock-mount@.service.",
                    "Per-container settings go into drop-ins written by 'paddock container create --unit'. "
                            + "Run 'systemctl daemon-reload' afterwards."})
    static final class Install implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Option(names = "--dir", defaultValue = "/etc/systemd/system", paramLabel = "DIR",
                description = "Where to write the units (default: ${DEFAULT-VALUE}).") Path dir;
        @Option(names = "--bin-dir", paramLabel = "DIR",
                description = "Where the paddock and shift-mount launchers are (default: found on PATH, else /usr/local/bin).")
        Path binDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (Map.Entry<String, String> unit : Launcher.templates(registry, binDir).templates().entrySet()) {
                Path file = dir.resolve(unit.getKey());
                HostRegistry.writeAtomically(file, unit.getValue());
                out.println("Wrote " + file);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
