package dev.paddock.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

class UnitTemplatesTest {
    @TempDir
    Path tmp;

    @Test
    void generatedUnitsAndDropInPassSystemdAnalyzeVerify() throws Exception {
        Prereqs.requireTool("systemd-analyze");
        Prereqs.requireTool("systemd-nspawn");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("paddock", "shift-mount")) {
            Path f = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path units = Files.createDirectories(tmp.resolve("units"));
        UnitTemplates t = new UnitTemplates(bin, Path.of(Prereqs.findTool("systemd-nspawn")),
                Path.of(Prereqs.findTool("ip")), tmp.resolve("registry"));
        for (Map.Entry<String, String> e : t.templates().entrySet()) {
            Files.writeString(units.resolve(e.getKey()), e.getValue());
        }
        ContainerName name = new ContainerName("web-1");
        Path dropIns = Files.createDirectories(units.resolve("paddock-container@web-1.service.d"));
        Files.writeString(dropIns.resolve(UnitTemplates.DROP_IN), t.dropIn(name, tmp.resolve("images/abc"), 0x30000,
                0x10000, "idmap", List.of("--private-network", "--setenv=GREETING=hello world"), true));
        // Instances are verified through links named as systemd would load them.
        for (String instance : List.of("paddock-container@web-1.service", "paddock-veth@web-1.service",
                "paddock-mount@web-1.service")) {
            String template = instance.replace("web-1", "");
            Files.createSymbolicLink(units.resolve(instance), units.resolve(template));
        }
        Run.Result r = Run.cmd("env", "SYSTEMD_LOG_LEVEL=warning", "systemd-analyze", "verify", "--man=no",
                "--recursive-errors=no", units.resolve("paddock-container@web-1.service").toString(),
                units.resolve("paddock-veth@web-1.service").toString(), units.resolve("paddock-mount@web-1.service").toString());
        // Unknown keys and bad values are only warnings (exit 0), so any line about our files is a failure.
        String problems = (r.stderr() + r.out()).lines()
                .filter(l -> l.contains("paddock"))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(r.exit()).as("systemd-analyze verify said:\n" + r.stderr() + r.out()).isZero();
        assertThat(problems).isEmpty();
        String dropIn = Files.readString(dropIns.resolve(UnitTemplates.DROP_IN));
        assertThat(dropIn).contains("Environment=PADDOCK_BASE=196608", "Environment=PADDOCK_RANGE=65536",
                "Wants=paddock-veth@web-1.service", "\"PADDOCK_NSPAWN_ARGS=--private-network --setenv=GREETING=hello world\"");
    }
}
