package dev.paddock.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NspawnInvocationTest {
    @TempDir
    Path tmp;

    @Test
    void runsACommandInTheReservedRangeWithoutTouchingOwnership() {
        NspawnInvocation inv = new NspawnInvocation(Path.of("/usr/bin/systemd-nspawn"), new ContainerName("web1"),
                Path.of("/var/lib/paddock/containers/web1/rootfs"), 0x30000, 0x10000, false, NetworkMode.NONE,
                List.of("id", "-u"), List.of("--setenv=A=b"));
        assertThat(inv.argv()).containsExactly("/usr/bin/systemd-nspawn", "--quiet",
                "--directory=/var/lib/paddock/containers/web1/rootfs", "--machine=web1",
                "--private-users=196608:65536", "--private-users-ownership=off", "--register=no", "--keep-unit",
                "--private-network", "--setenv=A=b", "--as-pid2", "--", "id", "-u");
    }

    @Test
    void bootsWhenNoCommandAndRegistersWhenABusExists() {
        NspawnInvocation inv = new NspawnInvocation(Path.of("nspawn"), new ContainerName("c"), Path.of("/r"), 0x10000,
                0x10000, true, NetworkMode.VETH, List.of(), List.of());
        assertThat(inv.argv()).contains("--network-veth").endsWith("--boot")
                .doesNotContain("--register=no", "--keep-unit");
    }

    @Test
    void systemBusNeedsBothSystemdAsInitAndTheSocket() throws Exception {
        HostFacts facts = new HostFacts(tmp, "");
        assertThat(facts.systemBus()).isFalse();
        Files.createDirectories(tmp.resolve("systemd/system"));
        assertThat(facts.systemBus()).isFalse();
        Files.createDirectories(tmp.resolve("dbus"));
        Files.createFile(tmp.resolve("dbus/system_bus_socket"));
        assertThat(facts.systemBus()).isTrue();
    }

    @Test
    void missingNspawnNamesThePackage() {
        HostFacts facts = new HostFacts(tmp, tmp.toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(facts::nspawn)
                .hasMessage("systemd-nspawn: not found on PATH (install the systemd-container package)");
        assertThat(HostFacts.fromEnvironment(Map.of()).tool("sh")).isPresent();
    }
}
