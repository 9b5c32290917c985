package dev.paddock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point. {@code paddock SUBCOMMAND ...}; the {@code shift-own} and {@code shift-mount} launchers
 * enter at their subcommand by setting the system property {@code paddock.entry}, so that usage and
 * error lines name the tool as the user typed it.
 */
@Command(name = "paddock", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Store, ship and run system containers.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(run(System.getProperty("paddock.entry"), args));
    }

    /** Runs one invocation and returns its exit code; tests call this directly. */
    public static int run(String entry, String... args) {
        CommandLine target;
        if (entry != null && !entry.isEmpty()) {
            Object sub = null;
            for (Object candidate : Registry.subcommands()) {
                if (entry.equals(candidate.getClass().getAnnotation(Command.class).name())) {
                    sub = candidate;
                }
            }
            if (sub == null) {
                System.err.println("paddock: unknown entry point " + entry);
                return ExitCodes.USAGE;
            }
            // Only the entry's own command line: building the whole tree costs startup time, and
            // executing a subcommand whose parent never parsed makes picocli 4.7 throw a
            // NullPointerException (isAnyHelpRequested reads the parent's parse result).
            target = new CommandLine(sub);
        } else {
            target = Commands.build();
        }
        return Commands.configure(target).execute(args);
    }
}
