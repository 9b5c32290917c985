package dev.paddock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point. {@code paddock SUBCOMMAND ...}; the {@code shift-own} and {@code shift-mount} launchers
 * enter at their subcommand by setting the system property {@code paddock.entry}, so that usage and
 * error lines name the tool as the user typed it. Declared programmatically ({@link Specs}): every
 * {@code paddock} command line passes through here.
 */
public final class Main implements Runnable {
    private final CommandSpec spec;

    private Main() {
        spec = Specs.command(this, "paddock", "Store, ship and run system containers.");
    }

    /** The root command's spec, bound to a fresh instance, without subcommands. */
    static CommandSpec spec() {
        return new Main().spec;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        configurePicocli();
        String entry = System.getProperty("paddock.entry");
        NativePreload.startFor(entry, args);
        SignalCleanup cleanup = SignalCleanup.installFor(entry, args);
        int exit;
        try {
            exit = run(entry, args);
        } finally {
            if (cleanup != null) {
                cleanup.finished();
            }
        }
        System.exit(exit);
    }

    /**
     * picocli's default factory looks for Groovy's Closure class once. The failed lookup makes the class
     * loader open and index the 14k-entry jar, which the CDS archive otherwise spares every short run
     * (~12 ms of shift-own --help). It also registers converters for 17 java.sql and java.time types by
     * reflection, loading and linking each class, at the start of every run; no option here takes one
     * of those types without its own converter (ages are {@link AgeConverter}'s), so they are left out.
     */
    static void configurePicocli() {
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
    }

    /** Runs one invocation and returns its exit code; tests call this directly. */
    public static int run(String entry, String... args) {
        CommandLine target = entry == null || entry.isEmpty() ? Commands.buildFor(args) : Commands.buildEntry(entry);
        if (target == null) {
            System.err.println("paddock: unknown entry point " + entry);
            return ExitCodes.USAGE;
        }
        return Commands.configure(target).execute(args);
    }
}
