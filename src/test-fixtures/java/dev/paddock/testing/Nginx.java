package dev.paddock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
        int port = ServerProcess.freePort();
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
        ProcessBuilder pb = new ProcessBuilder(nginx, "-p", work.toString(), "-e", work.resolve("error.log").toString(),
                "-c", work.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("stdout.log").toFile());
        process = ServerProcess.start("nginx", pb, work.resolve("error.log"), () -> ServerProcess.accepts(port),
                Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }

    public Path root() {
        return root;
    }

    /** Kills the server (a single process, see master_process off) as a crash would. */
    public void stop() {
        ServerProcess.kill(process);
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
