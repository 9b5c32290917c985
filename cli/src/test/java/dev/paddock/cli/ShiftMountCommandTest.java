package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.paddock.core.mount.MountInfo;
import dev.paddock.sys.Fd;
import dev.paddock.sys.UnixDatagram;
import dev.paddock.testing.MountSandbox;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.SampleTrees;

/** The shift-mount command end to end, as root, on real mounts. */
class ShiftMountCommandTest {
    @RegisterExtension
    MountSandbox sandbox = new MountSandbox();

    Path lower;

    @BeforeEach
    void setUp() throws IOException {
        Prereqs.requireRoot();
        lower = SampleTrees.rootfs(sandbox.path("lower"));
        sandbox.mkdir("mnt");
        System.setProperty("paddock.run.dir", p("run"));
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        System.clearProperty("paddock.run.dir");
    }

    record Outcome(int exit, String out, String err) {}

    /** Runs the command in this JVM, as the launcher would enter it. */
    static Outcome run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run("shift-mount", args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    String p(String name) {
        return sandbox.path(name).toString();
    }

    @Test
    void oneshotIdmapLeavesTheMountInPlaceAndEchoesPathsAsTyped() throws IOException {
        Outcome o = run("--oneshot", "-s", "0x30000", lower + "/", p("state") + "/", p("mnt") + "/");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).isEqualTo("Mounted " + p("mnt") + "/\n"
                + "Files under " + p("mnt") + "/ with ids 0x0-0xffff shifted with 0x30000 using range 0x10000"
                + " (idmapped, not counted)\n");
        assertThat(MountInfo.read().at(sandbox.path("mnt"))).hasValueSatisfying(e ->
                assertThat(e.source()).isEqualTo("paddock:shift=0x30000,range=0x10000,method=idmap"));
        assertThat(Files.getAttribute(sandbox.path("mnt/etc/passwd"), "unix:uid")).isEqualTo(0x30000);

        Outcome list = run("--list");
        assertThat(list.out()).contains(p("mnt")).contains(lower.toString()).contains(p("state")).contains("0x30000")
                .contains("idmap");
        Outcome json = run("--list", "--json");
        // Other work on the host may hold paddock mounts of its own: look at ours.
        List<JsonNode> rows = new ArrayList<>();
        new ObjectMapper().readTree(json.out()).forEach(n -> {
            if (n.get("mountpoint").asText().startsWith(sandbox.dir() + "/")) {
                rows.add(n);
            }
        });
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("mountpoint").asText()).isEqualTo(p("mnt"));
        assertThat(rows.get(0).get("shift").asText()).isEqualTo("0x30000");
        assertThat(rows.get(0).get("lower").asText()).isEqualTo(lower.toString());
        assertThat(rows.get(0).get("lowerClone").asText()).startsWith(p("run") + "/shift-mount/mnt-");

        Outcome down = run("--umount", p("mnt"));
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }

    @Test
    void defaultShiftCountsTheFilesLikeTheIssueSession() throws IOException {
        long entries;
        try (var s = Files.walk(lower)) {
            entries = s.count();
        }
        Outcome o = run("--oneshot", lower + "/", p("int") + "/", p("mnt") + "/");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).isEqualTo("Mounted " + p("mnt") + "/\n"
                + entries + " files under " + p("mnt") + "/ shifted with 0x0 using range 0x10000\n");
        assertThat(MountInfo.read().at(sandbox.path("mnt"))).isPresent();
        assertThat(run("--umount", p("mnt") + "/").out()).isEqualTo("Unmounted " + p("mnt") + "/\n");
    }

    @Test
    void chownPrintsTheCountAndARemountIsANoOp() throws IOException {
        String[] args = {"--oneshot", "--method", "chown", "-s", "0x30000", lower.toString(), p("state"), p("mnt")};
        Outcome first = run(args);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).matches("Mounted " + p("mnt") + "\n\\d+ files under " + p("mnt")
                + " shifted with 0x30000 using range 0x10000\n");
        assertThat(Files.getAttribute(sandbox.path("mnt/home/user/file"), "unix:uid")).isEqualTo(0x30000 + 1000);
        assertThat(run("--umount", p("mnt")).exit()).isZero();
        Outcome again = run(java.util.stream.Stream.concat(java.util.stream.Stream.of("-v"), java.util.Arrays.stream(args))
                .toArray(String[]::new));
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(again.err()).contains("method chown").contains("walk skipped");
        assertThat(run("--umount", p("mnt")).exit()).isZero();
    }

    @Test
    void optionsMayFollowThePathsAndJsonNamesTheMethod() throws IOException {
        Outcome o = run(lower.toString(), p("state"), p("mnt"), "--oneshot", "--json", "-s", "196608", "--method", "idmap",
                "-r", "65536");
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(o.out());
        assertThat(r.get("method").asText()).isEqualTo("idmap");
        assertThat(r.get("shift").asText()).isEqualTo("0x30000");
        assertThat(r.get("files").isNull()).isTrue();
        assertThat(r.get("mountpoint").asText()).isEqualTo(p("mnt"));
        assertThat(run("--umount", p("mnt")).exit()).isZero();
    }

    @Test
    void badInputIsOneLineAndLeavesNothingMounted() throws IOException {
        Outcome missing = run("--oneshot", p("nope"), p("state"), p("mnt"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("shift-mount: " + p("nope") + ": LOWER does not exist\n");
        Outcome usage = run("--oneshot", p("lower"));
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).startsWith("shift-mount: expected LOWER STATE MOUNTPOINT");
        Outcome badShift = run("--oneshot", "-s", "lots", lower.toString(), p("state"), p("mnt"));
        assertThat(badShift.exit()).isEqualTo(2);
        Outcome notOurs = run("--umount", lower.toString());
        assertThat(notOurs.exit()).isEqualTo(1);
        assertThat(notOurs.err()).isEqualTo("shift-mount: " + lower + ": not mounted\n");
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }

    @Test
    void forcedIdmapOnAKernelSaidToLackItIsRefused() throws Exception {
        Process p = start(Map.of("PADDOCK_KERNEL_WITHOUT", "idmap"), "--oneshot", "--method", "idmap", "-s", "0x30000",
                lower.toString(), p("state"), p("mnt"));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(sandbox.path("stderr")))
                .isEqualTo("shift-mount: method idmap: this kernel lacks idmapped mounts (needs Linux 5.12+)\n");
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }

    @Test
    void anUnknownFeatureInPaddockKernelWithoutIsAUsageError() throws Exception {
        Process p = start(Map.of("PADDOCK_KERNEL_WITHOUT", "metacopy,quantum"), "--oneshot", "-s", "0x30000",
                lower.toString(), p("state"), p("mnt"));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(sandbox.path("stderr"))).isEqualTo(
                "shift-mount: PADDOCK_KERNEL_WITHOUT: unknown kernel feature 'quantum' (known: idmap, overlay-idmap, metacopy)\n"
                        + "Try 'shift-mount --help' for more information.\n");
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }

    @Test
    void foregroundHoldsTheMountSignalsReadyAndUnmountsOnSigterm() throws Exception {
        String notify = p("notify.sock");
        try (Fd socket = UnixDatagram.bind(notify)) {
            Process proc = start(Map.of("NOTIFY_SOCKET", notify), "-s", "0x30000", lower.toString(), p("state"), p("mnt"));
            String ready = new String(UnixDatagram.receive(socket, 4096), StandardCharsets.UTF_8);
            assertThat(ready).startsWith("READY=1\n").contains("MAINPID=" + proc.pid());
            assertThat(MountInfo.read().at(sandbox.path("mnt"))).isPresent();
            assertThat(proc.isAlive()).isTrue();

            proc.destroy(); // SIGTERM
            assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(proc.exitValue()).as(Files.readString(sandbox.path("stderr"))).isZero();
            assertThat(Files.readString(sandbox.path("stdout"))).startsWith("Mounted " + p("mnt") + "\n");
        }
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
        try (var s = Files.list(sandbox.path("run/shift-mount"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aNonRootCallerIsRefused() throws Exception {
        Prereqs.requireTool("setpriv");
        // The JVM and the test classpath must be readable by nobody: copy the classpath into the sandbox.
        Path cp = sandbox.mkdir("cp");
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = cp.resolve((i++) + "-" + src.getFileName());
            Run.ok("cp", "-r", src.toString(), dst.toString());
            entries.add(dst.toString());
        }
        Run.ok("chmod", "-R", "a+rX", cp.toString());
        Run.Result r = Run.cmd("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", javaBin(), "-cp",
                String.join(File.pathSeparator, entries), "-Dpaddock.entry=shift-mount", Main.class.getName(),
                "--oneshot", lower.toString(), p("state"), p("mnt"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("shift-mount: must run as root").doesNotContain("\tat ");
        assertThat(r.stderr().lines()).hasSize(1);
        assertThat(MountSandbox.mountsUnder(sandbox.dir())).isEmpty();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Process start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
                "-Dpaddock.entry=shift-mount", Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("PADDOCK_RUN_DIR", p("run"));
        // Files, not pipes: Process.destroy() closes the pipes before we could read them.
        pb.redirectOutput(sandbox.path("stdout").toFile());
        pb.redirectError(sandbox.path("stderr").toFile());
        return pb.start();
    }
}
