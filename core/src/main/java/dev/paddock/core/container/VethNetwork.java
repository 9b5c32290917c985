package dev.paddock.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sets up and removes a container's veth networking with iproute2: a named network namespace holding
 * the container end ({@code host0}, addressed, with a default route via the host end), joined by nspawn
 * with {@code --network-namespace-path}. Preparing the namespace before the container starts means the
 * image needs no network tools of its own and addresses are in place before its first process runs.
 */
public final class VethNetwork {
    private final Path ip;

    public VethNetwork(Path ip) {
        this.ip = ip;
    }

    public Path netnsPath(VethPlan plan) {
        return Path.of("/run/netns", plan.netns());
    }

    public boolean isUp(VethPlan plan) {
        return Files.exists(netnsPath(plan)) && Files.exists(Path.of("/sys/class/net", plan.hostInterface()));
    }

    public void up(VethPlan plan) throws IOException {
        if (isUp(plan)) {
            return;
        }
        down(plan); // a half-made pair from an interrupted run
        try {
            run("netns", "add", plan.netns());
            run("link", "add", plan.hostInterface(), "type", "veth", "peer", "name", plan.containerInterface(), "netns",
                    plan.netns());
            run("addr", "add", plan.hostAddress() + "/" + plan.prefixLength(), "dev", plan.hostInterface());
            run("link", "set", plan.hostInterface(), "up");
            run("-n", plan.netns(), "link", "set", "lo", "up");
            run("-n", plan.netns(), "addr", "add", plan.containerAddress() + "/" + plan.prefixLength(), "dev",
                    plan.containerInterface());
            run("-n", plan.netns(), "link", "set", plan.containerInterface(), "up");
            run("-n", plan.netns(), "route", "add", "default", "via", plan.hostAddress());
        } catch (IOException e) {
            down(plan);
            throw e;
        }
    }

    /** Removes the pair and the namespace; missing pieces are fine. */
    public void down(VethPlan plan) throws IOException {
        if (Files.exists(Path.of("/sys/class/net", plan.hostInterface()))) {
            run("link", "del", plan.hostInterface());
        }
        if (Files.exists(netnsPath(plan))) {
            run("netns", "del", plan.netns());
        }
    }

    private void run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ip.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("ip " + String.join(" ", args) + ": " + (out.isEmpty() ? "exit " + p.exitValue() : out));
        }
    }
}
