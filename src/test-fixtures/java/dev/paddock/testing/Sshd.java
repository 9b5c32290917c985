package dev.paddock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real OpenSSH sshd on 127.0.0.1 at a free port, with the internal-sftp subsystem, and a client
 * home directory whose {@code .ssh} holds a key the server accepts and a known_hosts line for it, so
 * tests never touch the machine's own {@code ~/.ssh}. Everything (keys, config, pid, log) stays in
 * {@code work}. Needs root (sshd's privilege separation) and {@code sshd}: call
 * {@link Prereqs#requireRoot()} and {@link Prereqs#requireTool(String) requireTool("sshd")} first.
 */
public final class Sshd implements AutoCloseable {
    private final Path work;
    private final Path home;
    private final int port;
    private Process process;

    private Sshd(Path work, int port) {
        this.work = work;
        this.home = work.resolve("home");
        this.port = port;
    }

    public static Sshd start(Path work) throws IOException {
        Files.createDirectories(work);
        int port = ServerProcess.freePort();
        Sshd d = new Sshd(work, port);
        d.setUp();
        d.start();
        return d;
    }

    private void setUp() throws IOException {
        Path ssh = home.resolve(".ssh");
        Files.createDirectories(ssh);
        keygen(work.resolve("host_key"), "ed25519");
        keygen(ssh.resolve("id_ed25519"), "ed25519");
        Files.copy(ssh.resolve("id_ed25519.pub"), work.resolve("authorized_keys"));
        Files.writeString(ssh.resolve("known_hosts"), knownHostsLine());
        // sshd refuses to start without its privilege-separation directory
        Files.createDirectories(Path.of("/run/sshd"));
        String conf = String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + work.resolve("host_key"),
                "PidFile " + work.resolve("sshd.pid"),
                "AuthorizedKeysFile " + work.resolve("authorized_keys"),
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "MaxStartups 100",
                "MaxSessions 32",
                "Subsystem sftp internal-sftp",
                "");
        Files.writeString(work.resolve("sshd_config"), conf);
    }

    /** The known_hosts line for this server's host key, as ssh writes it for a non-default port. */
    public String knownHostsLine() throws IOException {
        return "[127.0.0.1]:" + port + " " + Files.readString(work.resolve("host_key.pub")).trim() + "\n";
    }

    /** Makes a fresh unencrypted key pair (or one encrypted with {@code passphrase}) at {@code file}. */
    public static void keygen(Path file, String type, String passphrase) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".pub"));
        Run.ok("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "paddock-test", "-f", file.toString());
    }

    public static void keygen(Path file, String type) throws IOException {
        keygen(file, type, "");
    }

    /** Starts (or restarts) the server and waits until it accepts connections. */
    public void start() throws IOException {
        String sshd = Prereqs.findTool("sshd");
        if (sshd == null) {
            throw new IOException("sshd is not installed");
        }
        ProcessBuilder pb = new ProcessBuilder(sshd, "-D", "-e", "-f", work.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("sshd.log").toFile()));
        process = ServerProcess.start("sshd", pb, work.resolve("sshd.log"), () -> ServerProcess.accepts(port),
                Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    public int port() {
        return port;
    }

    /** The client's home directory: {@code .ssh/id_ed25519} and {@code .ssh/known_hosts} for this server. */
    public Path home() {
        return home;
    }

    public Path authorizedKeys() {
        return work.resolve("authorized_keys");
    }

    /** {@code sftp://root@127.0.0.1:PORT/ABSOLUTE} for a directory on this (local) server. */
    public String url(Path dir) {
        return "sftp://root@127.0.0.1:" + port + dir.toAbsolutePath();
    }

    /**
     * Kills the listener and every per-connection sshd it forked, as a crash of the server would:
     * open connections drop, new ones are refused.
     */
    public void stop() {
        ServerProcess.kill(process);
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
