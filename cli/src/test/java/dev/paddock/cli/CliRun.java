package dev.paddock.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.paddock.testing.Run;

/** Runs the CLI in-process with captured output, or as a separate java process. */
final class CliRun {
    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String firstErrorLine() {
            return stderr.lines().findFirst().orElse("");
        }
    }

    private CliRun() {}

    /** Main.run with System.out/err captured. Not thread-safe: tests using it must not run in parallel. */
    static synchronized Result inProcess(String entry, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int exit = Main.run(entry, args);
            o.flush();
            e.flush();
            return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The command line that starts the CLI entry point in a new JVM on the test classpath. */
    static List<String> javaCommand(String classpath, String entry, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("-Dpaddock.entry=" + entry);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    /**
     * The test classpath copied into {@code dir} with world-readable permissions, for running the CLI as
     * an unprivileged user (the Maven repository under /root is not readable to others).
     */
    static String worldReadableClasspath(Path dir) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        for (String entry : testClasspath().split(java.io.File.pathSeparator)) {
            if (entry.isEmpty() || !Files.exists(Path.of(entry))) {
                continue;
            }
            Path target = dir.resolve("cp" + (i++) + (Files.isDirectory(Path.of(entry)) ? "" : ".jar"));
            Run.ok("cp", "-r", entry, target.toString());
            parts.add(target.toString());
        }
        Run.ok("chmod", "-R", "a+rX", dir.toString());
        Run.ok("chmod", "o+x", dir.getParent().toString()); // the scratch directory is 0700
        return String.join(java.io.File.pathSeparator, parts);
    }
}
