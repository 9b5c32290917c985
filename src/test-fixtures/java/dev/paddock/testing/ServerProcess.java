package dev.paddock.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real peer server (nginx, sshd, s3proxy) run for a test: started, waited for until it serves, and
 * killed as a crash would kill it. The fixtures differ only in how they configure and launch it.
 */
final class ServerProcess {
    private ServerProcess() {}

    /**
     * Starts {@code pb} and returns once {@code ready} holds, polling every {@code poll}. If the
     * process exits first, or {@code timeout} passes, it is killed and the error quotes {@code log}.
     */
    static Process start(String name, ProcessBuilder pb, Path log, BooleanSupplier ready, Duration timeout, Duration poll)
            throws IOException {
        Process p = pb.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + ": " + readQuietly(log));
            }
            if (ready.getAsBoolean()) {
                return p;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(p);
                throw new IOException("interrupted while starting " + name, e);
            }
        }
        kill(p);
        throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s: " + readQuietly(log));
    }

    /** A loopback port nothing listens on now, for a server to take. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the process and every child it forked (per-connection servers), and waits for it. */
    static void kill(Process p) {
        if (p == null) {
            return;
        }
        // Freeze the server first. Otherwise a client reconnecting during the kill (a store's retry
        // does) could be forked a session after the list of children was taken, outlive the server
        // and serve the rest of a test that expects the server to be gone.
        freeze(p);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: a stopped process accepts and forks nothing, and SIGKILL still ends it. */
    private static void freeze(Process p) {
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop server process " + p.pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
