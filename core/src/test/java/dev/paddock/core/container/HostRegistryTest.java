package dev.paddock.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void theFirstRecordedSubnetStaysInForce() throws Exception {
        HostRegistry r = new HostRegistry(tmp.resolve("root"));
        assertThat(r.subnet("10.213.0.0/16")).isEqualTo("10.213.0.0/16");
        assertThat(Files.exists(r.networkFile())).isFalse();
        assertThat(r.recordSubnet("10.99.0.0/16")).isEqualTo("10.99.0.0/16");
        // A later, different default (say PADDOCK_SUBNET changed) does not move existing containers.
        assertThat(r.recordSubnet("10.213.0.0/16")).isEqualTo("10.99.0.0/16");
        assertThat(r.subnet("10.213.0.0/16")).isEqualTo("10.99.0.0/16");
        assertThat(Files.readString(r.networkFile())).contains("subnet=10.99.0.0/16");
    }
}
