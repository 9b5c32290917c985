package dev.paddock.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Addresses a container's veth pair. systemd-nspawn {@code --network-veth} makes the pair (host end
 * {@code ve-NAME}, container end {@code host0}) as it starts the container; this finds the container's
 * network namespace through nspawn's child process, then assigns both ends their addresses with
 * iproute2 and gives the container a default route via the host end. (nspawn's
 * {@code --network-interface}, which moves a prepared interface, needs udev to have initialised it, and
 * joining a prepared namespace fails under {@code --private-users}; this works on any host.)
 */
public final class VethNetwork {
    private static final Pattern PEER = Pattern.compile("host0@if(\\d+)");

    private final Path ip;
    private final Path nsenter;

    public VethNetwork(Path ip, Path nsenter) {
        this.ip = ip;
        this.nsenter = nsenter;
    }

    /** Waits up to {@code timeoutMillis} for nspawn {@code nspawnPid} to make the pair, then addresses it. */
    public void configure(long nspawnPid, VethPlan plan, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long leader = waitFor(deadline, "the container's network namespace", () -> leaderOf(nspawnPid, "net"));
        String peerIndex = waitFor(deadline, "host0 in the container", () -> {
            Result r = exec(List.of(nsenter.toString(), "--target", Long.toString(leader), "--net", ip.toString(), "-o",
                    "link", "show", "host0"));
            Matcher m = PEER.matcher(r.out);
            return r.exit == 0 && m.find() ? Optional.of(m.group(1)) : Optional.empty();
        });
        String hostIf = hostInterface(peerIndex);
        String cidrHost = plan.hostAddress() + "/" + plan.prefixLength();
        String cidrContainer = plan.containerAddress() + "/" + plan.prefixLength();
        run(ip.toString(), "addr", "replace", cidrHost, "dev", hostIf);
        run(ip.toString(), "link", "set", hostIf, "up");
        List<String> inside = List.of(nsenter.toString(), "--target", Long.toString(leader), "--net", ip.toString());
        run(concat(inside, "link", "set", "lo", "up"));
        run(concat(inside, "addr", "replace", cidrContainer, "dev", "host0"));
        run(concat(inside, "link", "set", "host0", "up"));
        run(concat(inside, "route", "replace", "default", "via", plan.hostAddress()));
    }

    /**
     * The first process under nspawn that lives in another namespace of kind {@code ns} ("net", "user")
     * than nspawn itself: the container's side.
     */
    static Optional<Long> leaderOf(long nspawnPid, String ns) throws IOException {
        Path ownNs = Path.of("/proc", Long.toString(nspawnPid), "ns", ns);
        if (!Files.exists(ownNs)) {
            throw new IOException("systemd-nspawn (pid " + nspawnPid + ") has exited");
        }
        String own = Files.readSymbolicLink(ownNs).toString();
        List<Long> queue = new ArrayList<>(children(nspawnPid));
        for (int i = 0; i < queue.size() && i < 64; i++) {
            long pid = queue.get(i);
            try {
                if (!Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", ns)).toString().equals(own)) {
                    return Optional.of(pid);
                }
                queue.addAll(children(pid));
            } catch (IOException e) {
                // exited meanwhile
            }
        }
        return Optional.empty();
    }

    private static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var dirs = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) dirs::iterator) {
                for (String c : Files.readString(t.resolve("children")).trim().split("\\s+")) {
                    if (!c.isEmpty()) {
                        out.add(Long.parseLong(c));
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    private String hostInterface(String index) throws IOException {
        Result r = exec(List.of(ip.toString(), "-o", "link"));
        for (String line : r.out.lines().toList()) {
            if (line.startsWith(index + ": ")) {
                String name = line.substring(index.length() + 2);
                return name.substring(0, name.indexOf('@') >= 0 ? name.indexOf('@') : name.indexOf(':'));
            }
        }
        throw new IOException("no host interface with index " + index + " (the peer of the container's host0)");
    }

    @FunctionalInterface
    private interface Probe<T> {
        Optional<T> get() throws IOException;
    }

    private static <T> T waitFor(long deadline, String what, Probe<T> probe) throws IOException {
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + what, e);
            }
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    private record Result(int exit, String out) {}

    private static Result exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    private static void run(String... cmd) throws IOException {
        run(List.of(cmd));
    }

    private static void run(List<String> cmd) throws IOException {
        Result r = exec(cmd);
        if (r.exit != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + (r.out.isEmpty() ? "exit " + r.exit : r.out));
        }
    }
}
