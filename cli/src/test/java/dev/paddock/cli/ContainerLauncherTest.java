package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.paddock.sys.Posix;
import dev.paddock.sys.StatX;
import dev.paddock.testing.BusyboxRootfs;
import dev.paddock.testing.MountSandbox;
import dev.paddock.testing.Prereqs;

/** The launcher end to end, as root, with real images, real shifted mounts and real systemd-nspawn. */
class ContainerLauncherTest {
    @RegisterExtension
    final MountSandbox sandbox = new MountSandbox();

    private Path root;
    private Path image;
    private Path store;
    private CliProcess cli;

    @BeforeEach
    void image() throws Exception {
        Prereqs.requireRoot();
        Prereqs.requireTool("systemd-nspawn");
        root = sandbox.path("registry");
        store = sandbox.path("store.castr");
        image = sandbox.path("busybox.caidx");
        Path rootfs = BusyboxRootfs.build(sandbox.mkdir("rootfs"));
        assertThat(Main.run(null, "image", "make", "--quiet", "--store", store.toString(), image.toString(),
                rootfs.toString())).isZero();
        // Idmapped clones go under the sandbox too, so a failing test cannot leave one behind.
        cli = CliProcess.withRoot(root).withEnv("PADDOCK_RUN_DIR", sandbox.mkdir("run").toString());
    }

    private CliProcess.Result ok(String... args) throws Exception {
        CliProcess.Result r = cli.run(args);
        assertThat(r.exit()).as("paddock %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r;
    }

    private CliProcess.Result create(String name, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("container", "create", name, "--image", image.toString(),
                "--store", store.toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void twoContainersShareOneImageAndRunInTheirOwnRanges() throws Exception {
        assertThat(create("c1").exit()).isZero();
        assertThat(create("c2").exit()).isZero();

        try (Stream<Path> images = Files.list(root.resolve("images"))) {
            assertThat(images.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(1);
        }
        StatX lower1 = Posix.get().lstat(lowerOf("c1") + "/bin/busybox");
        StatX lower2 = Posix.get().lstat(lowerOf("c2") + "/bin/busybox");
        assertThat(lower1.ino()).isEqualTo(lower2.ino());
        assertThat(lower1.dev()).isEqualTo(lower2.dev());

        long base1 = baseOf("c1");
        long base2 = baseOf("c2");
        assertThat(base1).isNotEqualTo(base2);
        for (var c : List.of(new Object[] {"c1", base1}, new Object[] {"c2", base2})) {
            String name = (String) c[0];
            long base = (Long) c[1];
            CliProcess.Result r = ok("container", "run", name, "--", "/bin/sh", "-c",
                    "id -u; id -g; cat /proc/self/uid_map; touch /root/made-by-root; touch /tmp/x; "
                            + "chown 1000:1000 /root/made-by-root");
            List<String> lines = r.out().lines().map(String::strip).toList();
            assertThat(lines).startsWith("0", "0");
            assertThat(lines.get(2).split("\\s+")).containsExactly("0", Long.toString(base), "65536");
            StatX made = Posix.get().lstat(root.resolve("containers").resolve(name).resolve("upper/root/made-by-root").toString());
            assertThat(Integer.toUnsignedLong(made.uid())).isEqualTo(base + 1000);
            assertThat(Integer.toUnsignedLong(made.gid())).isEqualTo(base + 1000);
            StatX rootDir = Posix.get().lstat(root.resolve("containers").resolve(name).resolve("rootfs").toString());
            assertThat(Integer.toUnsignedLong(rootDir.uid())).isEqualTo(base);
        }
        assertThat(ok("container", "list").out()).contains("c1", "c2");

        ok("container", "rm", "c1");
        ok("container", "rm", "c2");
        assertThat(MountSandbox.mountsUnder(root)).isEmpty();
        assertThat(ok("reservations").out().strip().lines()).hasSize(1);
        assertThat(root.resolve("containers/c1")).doesNotExist();
    }

    @Test
    void badNamesMissingImagesAndDuplicatesAreRefusedWithoutLeftovers() throws Exception {
        for (String bad : List.of("a/b", "..", "has space", "x".repeat(65))) {
            CliProcess.Result r = create(bad);
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("paddock container create: invalid name '" + bad + "': ");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
        CliProcess.Result missing = cli.run("container", "create", "m", "--image", sandbox.path("nope.caidx").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("paddock container create: " + sandbox.path("nope.caidx") + ": no such image");
        assertThat(root.resolve("containers/m")).doesNotExist();

        assertThat(create("dup").exit()).isZero();
        CliProcess.Result again = create("dup");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("paddock container create: dup: a container of that name already exists");
        assertThat(ok("container", "status", "dup").out()).contains("dup: mounted");
        ok("container", "rm", "dup");

        CliProcess.Result noNspawn = cli.withEnv("PATH", sandbox.mkdir("empty-path").toString()).run("container", "create",
                "nn", "--image", image.toString(), "--store", store.toString());
        assertThat(noNspawn.exit()).isEqualTo(1);
        assertThat(noNspawn.err().strip()).isEqualTo(
                "paddock container create: systemd-nspawn: not found on PATH (install the systemd-container package)");
        assertThat(root.resolve("containers/nn")).doesNotExist();
        assertThat(ok("reservations").out().strip().lines()).hasSize(1);
        assertThat(MountSandbox.mountsUnder(root)).isEmpty();
    }

    @Test
    void aKilledCreateIsFinishedByARerunOrRemovedWithoutLeaks() throws Exception {
        // Kill at several points of create (JVM start, extraction, reservation, mount), then rerun.
        for (long delayMs : new long[] {300, 900, 1500, 2200, 3000}) {
            String name = "k" + delayMs;
            Process p = cli.start("container", "create", name, "--image", image.toString(), "--store", store.toString());
            Thread.sleep(delayMs);
            p.destroyForcibly().waitFor();
            // The kill may land after create finished its work (record written, marker gone) but before
            // the JVM exited; then the rerun rightly finds the container. Anything earlier must resume.
            Path dir = root.resolve("containers").resolve(name);
            boolean finished = Files.exists(dir.resolve("container.conf")) && !Files.exists(dir.resolve("creating"));
            CliProcess.Result rerun = create(name);
            if (finished) {
                assertThat(rerun.err()).as("create finished before the kill").contains("already exists");
            } else {
                assertThat(rerun.exit()).as("rerun after a kill at %d ms: %s", delayMs, rerun.err()).isZero();
            }
            assertThat(ok("container", "run", name, "--", "/bin/true").exit()).isZero();
            ok("container", "rm", name);
        }
        for (long delayMs : new long[] {700, 1800}) {
            String name = "r" + delayMs;
            Process p = cli.start("container", "create", name, "--image", image.toString(), "--store", store.toString());
            Thread.sleep(delayMs);
            p.destroyForcibly().waitFor();
            CliProcess.Result rm = cli.run("container", "rm", name);
            assertThat(rm.exit() == 0 || rm.err().contains("no such container")).as(rm.err()).isTrue();
        }
        assertThat(MountSandbox.mountsUnder(root)).isEmpty();
        assertThat(MountSandbox.mountsUnder(sandbox.path("run"))).as("idmapped clones left behind").isEmpty();
        assertThat(ok("reservations").out().strip().lines()).hasSize(1);
        try (Stream<Path> left = Files.list(root.resolve("containers"))) {
            assertThat(left).isEmpty();
        }
        try (Stream<Path> images = Files.list(root.resolve("images"))) {
            // the partial copy and the extractor's hidden sibling of it (..DIGEST.partial.paddock-tmp-*)
            assertThat(images.filter(f -> f.getFileName().toString().contains(".partial"))).isEmpty();
        }
    }

    @Test
    void vethNetworkingReachesTheContainerAndNoneHasOnlyLoopback() throws Exception {
        // The "host" of this test is a network namespace the test makes, so that every address, the host
        // end of the pair included, lives in namespaces of the test's own.
        String ns = "pdtest-" + ProcessHandle.current().pid();
        dev.paddock.testing.Run.ok("ip", "netns", "add", ns);
        try {
            dev.paddock.testing.Run.ok("ip", "-n", ns, "link", "set", "lo", "up");
            List<String> inHost = List.of(Prereqs.findTool("nsenter"), "--net=/run/netns/" + ns);
            CliProcess host = cli.under(inHost);
            CliProcess.Result made = host.run("container", "create", "net1", "--image", image.toString(), "--store",
                    store.toString(), "--network", "veth");
            assertThat(made.exit()).as(made.err()).isZero();
            String address = ok("container", "status", "net1", "--json").out().lines().filter(l -> l.contains("\"address\""))
                    .map(l -> l.replaceAll(".*: \"(.*)\",?", "$1")).findFirst().orElseThrow();
            assertThat(address).startsWith("10.213.");
            assertThat(Files.readString(root.resolve("network.conf"))).contains("subnet=10.213.0.0/16");
            String hostAddress = address.substring(0, address.lastIndexOf('.') + 1)
                    + (Integer.parseInt(address.substring(address.lastIndexOf('.') + 1)) - 1);
            Process inside = host.start("container", "run", "net1", "--", "/bin/sh", "-c",
                    "sleep 1; ip -4 -o addr show host0; ping -c 1 -W 3 " + hostAddress + " >/dev/null && echo PING-HOST-OK; sleep 4");
            try {
                // The host end gets its address once nspawn has made the pair; then the container answers.
                List<String> ping = new java.util.ArrayList<>(inHost);
                ping.addAll(List.of("/bin/busybox", "ping", "-c", "1", "-W", "1", address));
                long deadline = System.currentTimeMillis() + 20_000;
                boolean reached = false;
                while (!reached && System.currentTimeMillis() < deadline) {
                    reached = dev.paddock.testing.Run.cmd(ping).exit() == 0;
                }
                assertThat(reached).as("ping %s from the host namespace", address).isTrue();
                assertThat(inside.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                String out = new String(inside.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(out).contains("host0", address + "/30", "PING-HOST-OK");
                assertThat(inside.exitValue()).isZero();
            } finally {
                inside.destroyForcibly();
            }
            // The pair lived in the test's namespace and went away with the container.
            assertThat(dev.paddock.testing.Run.cmd("ip", "-o", "link").out()).doesNotContain("ve-net1");
            assertThat(dev.paddock.testing.Run.cmd(List.of(inHost.get(0), inHost.get(1), "ip", "-o", "link")).out())
                    .doesNotContain("ve-net1");
            ok("container", "rm", "net1");
        } finally {
            dev.paddock.testing.Run.cmd("ip", "netns", "del", ns);
        }

        assertThat(create("net0", "--network", "none").exit()).isZero();
        String links = ok("container", "run", "net0", "--", "/bin/sh", "-c", "ip -o link | cut -d: -f2").out();
        assertThat(links.lines().map(String::strip).filter(l -> !l.isEmpty())).containsExactly("lo");
        ok("container", "rm", "net0");
    }

    @Test
    void startBootsInitInTheBackgroundAndStopShutsItDown() throws Exception {
        assertThat(create("boot1").exit()).isZero();
        CliProcess.Result started = ok("container", "start", "boot1");
        assertThat(started.out()).startsWith("Started boot1 (systemd-nspawn pid ");
        assertThat(ok("container", "status", "boot1").out()).startsWith("boot1: running");
        // shell joins the booted container: the same user namespace, so the same uid_map.
        Process shell = cli.startWithInput("container", "shell", "boot1");
        shell.getOutputStream().write("cat /proc/self/uid_map; exit 7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        shell.getErrorStream().close();
        assertThat(shell.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String shellOut = new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(shell.exitValue()).isEqualTo(7);
        assertThat(shellOut.strip().split("\\s+")).containsExactly("0", Long.toString(baseOf("boot1")), "65536");
        ok("container", "stop", "boot1", "--timeout", "20");
        assertThat(ok("container", "status", "boot1").out()).startsWith("boot1: mounted");
        long pid = Long.parseLong(started.out().replaceAll("\\D+", " ").trim().split(" ")[1]);
        assertThat(ProcessHandle.of(pid)).isEmpty();
        ok("container", "rm", "boot1");
    }

    @Test
    void anExhaustedIdSpaceFailsCreateAndLeavesNothingBehind() throws Exception {
        var registry = new dev.paddock.core.container.HostRegistry(root);
        // Room for exactly one container.
        var policy = new dev.paddock.core.container.ReservationPolicy(0x10000, 0x20000, List.of());
        var config = new dev.paddock.core.container.LauncherConfig(registry, policy,
                dev.paddock.core.container.HostFacts.fromEnvironment(System.getenv()),
                dev.paddock.core.container.VethPlan.DEFAULT_SUBNET, java.time.Clock.systemUTC());
        var mounts = new dev.paddock.core.mount.ShiftMounter(new dev.paddock.core.mount.ShiftMountConfig(sandbox.path("run"),
                dev.paddock.core.mount.KernelFeatures.probe(), dev.paddock.core.mount.OwnershipShifter.withDefaultThreads()));
        var manager = new dev.paddock.core.container.ContainerManager(config,
                new dev.paddock.core.container.SharedImages(registry, new dev.paddock.core.container.IndexExtractor(null, 2,
                        dev.paddock.core.image.catar.ExtractListener.IGNORE)),
                new dev.paddock.core.container.ShiftMountViews(mounts));
        manager.create(request("only"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> manager.create(request("more")))
                .isInstanceOf(dev.paddock.core.container.ReservationBook.ExhaustedException.class)
                .hasMessageContaining("no free block of 0x10000 ids");
        assertThat(root.resolve("containers/more")).doesNotExist();
        assertThat(config.reservations().list()).extracting(r -> r.name().value()).containsExactly("only");
        assertThat(MountSandbox.mountsUnder(root)).containsExactly(root.resolve("containers/only/rootfs").toString());
        manager.remove(new dev.paddock.core.container.ContainerName("only"), false);
        assertThat(MountSandbox.mountsUnder(root)).isEmpty();
    }

    private dev.paddock.core.container.CreateRequest request(String name) {
        return new dev.paddock.core.container.CreateRequest(new dev.paddock.core.container.ContainerName(name), image,
                store.toString(), "auto", dev.paddock.core.container.NetworkMode.HOST, 0x10000);
    }

    @Test
    void createWithUnitWritesTheDropIn() throws Exception {
        Path units = sandbox.mkdir("units");
        assertThat(create("u1", "--unit", "--unit-dir", units.toString(), "--network", "none").exit()).isZero();
        String dropIn = Files.readString(units.resolve("paddock-container@u1.service.d/50-paddock.conf"));
        assertThat(dropIn).contains("Environment=PADDOCK_BASE=" + baseOf("u1"), "Environment=PADDOCK_RANGE=65536",
                "PADDOCK_LOWER=" + lowerOf("u1"), "PADDOCK_NSPAWN_ARGS=--private-network");
        ok("container", "rm", "u1");
    }

    private String lowerOf(String name) throws Exception {
        return ok("container", "status", name, "--json").out().lines().filter(l -> l.contains("\"lower\""))
                .map(l -> l.replaceAll(".*: \"(.*)\",?", "$1")).findFirst().orElseThrow();
    }

    private long baseOf(String name) throws Exception {
        return ok("container", "status", name, "--json").out().lines().filter(l -> l.contains("\"base\""))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}
