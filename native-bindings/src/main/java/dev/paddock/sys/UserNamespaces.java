package dev.paddock.sys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Makes a user namespace with given id maps and returns a descriptor for it, as idmapped mounts need.
 * The JVM cannot fork, so a short-lived child ({@code unshare --user}) enters a new namespace and
 * waits; we write its maps from outside (allowed for a parent holding CAP_SETUID/CAP_SETGID), open
 * {@code /proc/PID/ns/user}, then let the child exit. The namespace lives on through the descriptor.
 */
public final class UserNamespaces {
    private UserNamespaces() {}

    public static Fd create(List<IdMapLine> uidMap, List<IdMapLine> gidMap) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("unshare", "--user", "--", "/bin/sh", "-c", "echo ready; read x");
        pb.redirectErrorStream(true);
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start unshare(1) to create a user namespace: " + e.getMessage(), e);
        }
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new IOException("cannot create a user namespace: unshare said: " + line);
            }
            Path proc = Path.of("/proc", Long.toString(child.pid()));
            write(proc.resolve("uid_map"), uidMap);
            write(proc.resolve("gid_map"), gidMap);
            return Posix.get().open(proc.resolve("ns/user").toString(), Posix.O_RDONLY);
        } finally {
            child.getOutputStream().close();
            try {
                if (!child.waitFor(2, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void write(Path file, List<IdMapLine> map) throws IOException {
        String text = map.stream().map(IdMapLine::toString).collect(Collectors.joining("\n", "", "\n"));
        try {
            // One write(2) call: the kernel accepts a map only once and only whole.
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + " (" + text.trim() + "): " + e.getMessage(), e);
        }
    }
}
