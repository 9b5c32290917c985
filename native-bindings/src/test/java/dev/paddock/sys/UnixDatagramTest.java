package dev.paddock.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixDatagramTest {
    @TempDir
    Path tmp;

    @Test
    void sendsOneDatagramToAPathSocket() throws Exception {
        String address = tmp.resolve("notify").toString();
        try (Fd receiver = UnixDatagram.bind(address)) {
            UnixDatagram.send(address, "READY=1".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(UnixDatagram.receive(receiver, 4096), StandardCharsets.UTF_8)).isEqualTo("READY=1");
        }
    }

    @Test
    void sendsToAnAbstractSocket() throws Exception {
        String address = "@paddock-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Fd receiver = UnixDatagram.bind(address)) {
            UnixDatagram.send(address, "STATUS=x".getBytes(StandardCharsets.UTF_8));
            assertThat(UnixDatagram.receive(receiver, 4096)).asString(StandardCharsets.UTF_8).isEqualTo("STATUS=x");
        }
    }

    @Test
    void reportsAMissingSocket() {
        String address = tmp.resolve("absent").toString();
        assertThatThrownBy(() -> UnixDatagram.send(address, new byte[] {1}))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errnos.ENOENT));
    }
}
