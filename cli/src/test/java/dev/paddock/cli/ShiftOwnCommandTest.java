package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paddock.sys.Posix;
import dev.paddock.testing.FixtureTree;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.Scratch;
import dev.paddock.testing.TreeSnapshot;

/** shift-own as typed: output format, summary, JSON, exit codes, and every bad input changing nothing. */
class ShiftOwnCommandTest {
    Scratch scratch;
    Path tree;

    @BeforeEach
    void setUp() throws IOException {
        Prereqs.requireRoot();
        scratch = Scratch.create("shift-own-cli");
        tree = scratch.mkdir("alpine-shifted");
        Files.createDirectories(tree.resolve("usr/lib"));
        Files.writeString(tree.resolve("usr/lib/libc.so"), "x");
        FixtureTree.chown(tree.resolve("usr/lib/libc.so"), 1000, 1000);
    }

    @AfterEach
    void clean() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void verboseLinesAndSummaryAsDocumented() throws IOException {
        CliRun.Result r = CliRun.inProcess("shift-own", "-s", "0x30000", tree + "/", "-v");
        assertThat(r.exit()).as(r.stderr()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).containsExactlyInAnyOrder(
                "0:0 -> 196608:196608 .. " + tree + "/usr",
                "0:0 -> 196608:196608 .. " + tree + "/usr/lib",
                "1000:1000 -> 197608:197608 .. " + tree + "/usr/lib/libc.so",
                "0:0 -> 196608:196608 .. " + tree + "/",
                "4 files under " + tree + "/ shifted with 0x30000 using range 0x10000");
        assertThat(lines.get(lines.size() - 1)).startsWith("4 files under");
        assertThat(lines.get(lines.size() - 2)).endsWith(tree + "/"); // the root is shifted last
        assertThat(Posix.get().lstat(tree + "/usr/lib/libc.so").uid()).isEqualTo(197608);

        TreeSnapshot once = TreeSnapshot.take(tree);
        CliRun.Result again = CliRun.inProcess("shift-own", "--json", "-s", "196608", tree.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out().strip()).startsWith("{\"path\":\"" + tree + "\",\"shift\":196608,\"range\":65536,\"from\":196608,")
                .contains("\"total\":4,\"changed\":0,\"already\":4,\"foreign\":0,\"inTarget\":4,")
                .contains("\"skippedMounts\":[]").endsWith("}");
        assertThat(TreeSnapshot.take(tree)).isEqualTo(once);

        CliRun.Result back = CliRun.inProcess("shift-own", "-s", "0", "--range", "65536", tree.toString());
        assertThat(back.exit()).isZero();
        assertThat(back.out()).isEqualTo("4 files under " + tree + " shifted with 0x0 using range 0x10000\n");
        assertThat(Posix.get().lstat(tree + "/usr/lib/libc.so").uid()).isEqualTo(1000);
    }

    @Test
    void rawBytesOfOddNamesAreEchoed() throws IOException {
        byte[] odd = {'o', (byte) 0xff, '\n', 'x'};
        try (var dir = Posix.get().openDirectory(null, tree.toString().getBytes(StandardCharsets.UTF_8));
             var f = Posix.get().openat(dir, odd, Posix.O_CREAT | Posix.O_WRONLY, 0644)) {
            assertThat(f.isOpen()).isTrue();
        }
        CliRun.Result r = CliRun.inProcess("shift-own", "-v", "-s", "0x30000", tree.toString());
        assertThat(r.exit()).isZero();
        byte[] expected = ("0:0 -> 196608:196608 .. " + tree + "/o").getBytes(StandardCharsets.UTF_8);
        assertThat(indexOf(r.stdout(), concat(expected, new byte[] {(byte) 0xff, '\n', 'x', '\n'}))).isNotNegative();
    }

    @Test
    void foreignIdsAreReportedAndFailUnlessIgnored() throws IOException {
        Path f = tree.resolve("usr/foreign");
        Files.writeString(f, "x");
        FixtureTree.chown(f, 70000, 70000);
        CliRun.Result r = CliRun.inProcess("shift-own", "-s", "0x30000", tree.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("4 files under " + tree + " shifted with 0x30000 using range 0x10000\n");
        assertThat(r.stderr()).isEqualTo("shift-own: " + tree + ": 1 entries have ids outside [0x0, 0x10000) and "
                + "[0x30000, 0x40000) (left unchanged; --ignore-foreign to accept)\n");
        assertThat(Posix.get().lstat(f.toString()).uid()).isEqualTo(70000);
        CliRun.Result ignored = CliRun.inProcess("shift-own", "-s", "0x30000", "--ignore-foreign", tree.toString());
        assertThat(ignored.exit()).isZero();
        assertThat(ignored.stderr()).isEmpty();
    }

    @Test
    void dryRunPrintsButChangesNothing() throws IOException {
        TreeSnapshot before = TreeSnapshot.take(tree);
        CliRun.Result r = CliRun.inProcess("shift-own", "-n", "-v", "-s", "0x30000", tree.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1000:1000 -> 197608:197608 .. " + tree + "/usr/lib/libc.so\n")
                .contains("4 files under " + tree + " would be shifted with 0x30000");
        assertThat(TreeSnapshot.take(tree)).isEqualTo(before);
    }

    /** Runs a bad command line and checks exit code, the one-line error and that nothing changed. */
    private void rejects(int exit, String message, String... args) throws IOException {
        TreeSnapshot before = TreeSnapshot.take(tree);
        CliRun.Result r = CliRun.inProcess("shift-own", args);
        assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(exit);
        assertThat(r.firstErrorLine()).isEqualTo(message);
        assertThat(r.out()).isEmpty();
        assertThat(TreeSnapshot.take(tree)).isEqualTo(before);
    }

    @Test
    void badInputIsRejectedUpFront() throws IOException {
        String t = tree.toString();
        rejects(2, "shift-own: Missing required parameter: 'PATH'", "-s", "0x30000");
        rejects(2, "shift-own: Invalid value for option '--shift': 'lots' is not a number (use decimal or 0x hex)",
                "-s", "lots", t);
        rejects(2, "shift-own: shift 0x30001 is not a multiple of the range 0x10000", "-s", "0x30001", t);
        rejects(2, "shift-own: range must be positive, not 0", "-s", "0x30000", "-r", "0", t);
        rejects(2, "shift-own: shift 0xffff0000 + range 0x10000 overflows uid_t (ids must stay below 0xffffffff)",
                "-s", "0xffff0000", t);
        rejects(2, "shift-own: range 0x100000000 exceeds the uid space", "-s", "0", "-r", "0x100000000", t);
        rejects(1, "shift-own: " + scratch.resolve("missing") + ": No such file or directory",
                "-s", "0x30000", t, scratch.resolve("missing").toString());
    }

    @Test
    void readOnlyFilesystemIsRefusedBeforeAnyChange() throws IOException {
        Path ro = scratch.mkdir("ro");
        Run.Result bind = Run.cmd("mount", "--bind", tree.toString(), ro.toString());
        Prereqs.require(bind.exit() == 0, "bind mounts: " + bind.stderr());
        try {
            Run.ok("mount", "-o", "remount,bind,ro", ro.toString());
            // The writable tree comes first: nothing may change in it either.
            rejects(1, "shift-own: " + ro + ": Read-only file system", "-s", "0x30000", tree.toString(), ro.toString());
        } finally {
            Run.ok("umount", ro.toString());
        }
    }

    @Test
    void nonRootCallerIsRefused() throws IOException {
        Prereqs.requireTool("setpriv");
        String cp = CliRun.worldReadableClasspath(scratch.mkdir("classpath"));
        TreeSnapshot before = TreeSnapshot.take(tree);
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(CliRun.javaCommand(cp, "shift-own", "-s", "0x30000", tree.toString()));
        Run.Result r = Run.cmd(cmd);
        assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("shift-own: must run as root (effective uid 65534): changing file ownership"
                + " needs CAP_CHOWN in the initial user namespace\n");
        assertThat(TreeSnapshot.take(tree)).isEqualTo(before);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
