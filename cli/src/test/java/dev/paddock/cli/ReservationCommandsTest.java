package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReservationCommandsTest {
    @TempDir
    Path root;

    private Process spawn(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.paddock.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PADDOCK_ROOT", root.toString());
        return pb.start();
    }

    @Test
    void parallelProcessesNeverGetOverlappingRanges() throws Exception {
        List<Process> procs = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            procs.add(spawn("reserve", "p" + p + "a"));
            procs.add(spawn("reserve", "p" + p + "b"));
        }
        for (Process p : procs) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }
        Process list = spawn("reservations");
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor()).isZero();
        Map<String, String> baseToName = new TreeMap<>();
        String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(13);
        for (String line : List.of(lines).subList(1, lines.length)) {
            String[] f = line.trim().split("\\s+");
            assertThat(baseToName.put(f[1], f[0])).as("base %s handed out twice", f[1]).isNull();
            assertThat(Long.decode(f[1]) % 0x10000).isZero();
            assertThat(Long.decode(f[1])).isGreaterThanOrEqualTo(0x10000);
        }
        assertThat(baseToName).hasSize(12);
    }

    @Test
    void badNameIsAUsageErrorAndWritesNothing() throws Exception {
        Process p = spawn("reserve", "../evil");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("paddock reserve: invalid name '../evil': it contains '/'");
        assertThat(root.resolve("reservations")).doesNotExist();
    }
}
