package dev.paddock.core.container;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher needs to know about the host, read from the filesystem so that tests can point it
 * at any situation: whether systemd runs as init with a system bus, and where the tools are.
 */
public record HostFacts(Path runDir, String searchPath) {
    public static HostFacts fromEnvironment(Map<String, String> env) {
        // The sbin directories are searched too because root's tools live there and sudo trims PATH.
        String path = env.get("PATH");
        return new HostFacts(Path.of("/run"), path == null || path.isEmpty() ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin");
    }

    /** True when systemd is init and the system bus socket exists, so nspawn can register with machined. */
    public boolean systemBus() {
        return Files.isDirectory(runDir.resolve("systemd/system")) && Files.exists(runDir.resolve("dbus/system_bus_socket"));
    }

    public Optional<Path> tool(String name) {
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) {
                return Optional.of(f.toPath());
            }
        }
        return Optional.empty();
    }

    public Path nspawn() throws ToolMissingException {
        return tool("systemd-nspawn").orElseThrow(() -> new ToolMissingException("systemd-nspawn",
                "systemd-container"));
    }

    /** A required program is not installed. */
    public static final class ToolMissingException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        public ToolMissingException(String tool, String debianPackage) {
            super(tool + ": not found on PATH (install the " + debianPackage + " package)");
        }
    }
}
