package dev.paddock.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the paddock CLI as a separate JVM, the way a shell would, with the test's class path. Commands
 * that hand their standard streams to systemd-nspawn can only be observed this way.
 */
final class CliProcess {
    record Result(int exit, String out, String err) {}

    private final Map<String, String> env;
    private final List<String> prefix;

    CliProcess(Map<String, String> env, List<String> prefix) {
        this.env = env;
        this.prefix = prefix;
    }

    static CliProcess withRoot(Path root) {
        return new CliProcess(Map.of("PADDOCK_ROOT", root.toString()), List.of());
    }

    /** The same, run under {@code prefix} (for example nsenter into a test network namespace). */
    CliProcess under(List<String> wrapper) {
        return new CliProcess(env, wrapper);
    }

    CliProcess withEnv(String key, String value) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put(key, value);
        return new CliProcess(e, prefix);
    }

    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.paddock.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Process start(String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectInput(new File("/dev/null"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Started with a pipe for standard input, for commands that read it (such as a shell). */
    Process startWithInput(String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().putAll(env);
        return pb.start();
    }

    Result run(String... args) throws IOException, InterruptedException {
        Process p = start(args);
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
        var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("paddock " + String.join(" ", args) + " timed out");
        }
        return new Result(p.exitValue(), outF.join(), errF.join());
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
