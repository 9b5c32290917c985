package dev.paddock.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx serving {@code root} on 127.0.0.1 at a free port, with WebDAV PUT/DELETE/MOVE so
 * stores can be pushed to it. Everything it writes (pid, logs, temp files) stays in {@code work}.
 * Call {@link Prereqs#requireTool(String) requireTool("nginx")} first.
 */
public final class Nginx implements AutoCloseable {
    private final Path work;
    private final Path root;
    private final int port;
    private Process process;

    private Nginx(Path work, Path root, int port) {
        this.work = work;
        this.root = root;
        this.port = port;
    }

    public static Nginx start(Path work, Path root) throws IOException {
        Files.createDirectories(work);
        Files.createDirectories(root);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Nginx n = new Nginx(work, root, port);
        n.writeConfig();
        n.start();
        return n;
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(work.resolve("body"));
        String conf = String.join("\n",
                "daemon off;",
                // one process: killing it is a whole-server crash, with no master respawning workers
                "master_process off;",
                "user root;",
                "pid " + work.resolve("nginx.pid") + ";",
                "error_log " + work.resolve("error.log") + " warn;",
                "events { worker_connections 512; }",
                "http {",
                "  access_log off;",
                "  default_type application/octet-stream;",
                "  client_body_temp_path " + work.resolve("body") + ";",
                "  proxy_temp_path " + work.resolve("body") + ";",
                "  fastcgi_temp_path " + work.resolve("body") + ";",
                "  keepalive_requests 100000;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    root " + root + ";",
                "    client_max_body_size 0;",
                "    location / {",
                "      dav_methods PUT DELETE MOVE;",
                "      create_full_put_path on;",
                "      dav_access user:rw group:r all:r;",
                "    }",
                "  }",
                "}",
                "");
        Files.writeString(work.resolve("nginx.conf"), conf);
    }

    /** Starts (or restarts) the server and waits until it accepts connections. */
    public void start() throws IOException {
        String nginx = Prereqs.findTool("nginx");
        if (nginx == null) {
            throw new IOException("nginx is not installed");
        }
        process = new ProcessBuilder(nginx, "-p", work.toString(), "-e", work.resolve("error.log").toString(),
                "-c", work.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": " + Files.readString(work.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            }
        }
        stop();
        throw new IOException("nginx did not listen on port " + port);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }

    public Path root() {
        return root;
    }

    /** Kills the server (a single process, see master_process off) as a crash would. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
