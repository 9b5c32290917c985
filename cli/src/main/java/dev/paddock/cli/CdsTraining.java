package dev.paddock.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import dev.paddock.sys.Posix;

/**
 * The training run behind the AppCDS archive: loads the classes a short invocation needs (picocli's
 * model of every command, help rendering, the native facade) so that the archive holds them.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        try {
            Main.run(null, "--help");
            Main.run(null, "--version");
            List<String> names = new ArrayList<>(Commands.build().getSubcommands().keySet());
            for (String name : names) {
                Main.run(null, name, "--help");
                Main.run(name, "--help");
            }
            Posix.get().geteuid();
            trainShiftOwn();
            // shift-mount's own path (mount table, state records, JSON) without mounting anything.
            Main.run("shift-mount", "--list", "--json");
        } finally {
            System.setOut(out);
        }
        out.println("CdsTraining: done");
    }

    /** shift-own's walk (engine, walker, ForkJoinPool) as a dry run over an empty directory. */
    private static void trainShiftOwn() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("paddock-cds");
            try {
                Main.run("shift-own", "-n", "-v", "--json", "-s", "0x30000", dir.toString());
            } finally {
                java.nio.file.Files.deleteIfExists(dir);
            }
        } catch (java.io.IOException e) {
            // Training is best effort: a missing temp directory only makes the archive smaller.
        }
    }
}
