package dev.paddock.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

/**
 * Builds the command tree and maps failures to one-line errors in one place: usage errors exit 2 with
 * {@code tool: message}, runtime failures exit 1 with {@code tool: reason} and no stack trace unless
 * {@code --debug} was given.
 */
public final class Commands {
    private Commands() {}

    /** The whole tree, rooted at {@code paddock}. */
    public static CommandLine build() {
        CommandLine root = new CommandLine(new Main());
        Registry.subcommands().forEach((name, sub) -> root.addSubcommand(name, sub.get()));
        return root;
    }

    /**
     * Only the named subcommand, named as the user typed it, for the {@code shift-own} and
     * {@code shift-mount} launchers; null if there is no such subcommand.
     */
    public static CommandLine buildEntry(String name) {
        var sub = Registry.subcommands().get(name);
        if (sub == null) {
            return null;
        }
        CommandLine cl = new CommandLine(sub.get());
        cl.getCommandSpec().name(name);
        return cl;
    }

    static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String tool = toolName(commandLine);
            err.println(tool + ": " + Failures.describe(ex));
            if (parseResult.hasMatchedOption("--debug") || Boolean.getBoolean("paddock.debug")) {
                ex.printStackTrace(err);
            }
            err.flush();
            // Invalid values that only the core can judge (a name, a range) are usage errors too.
            return ex instanceof CommandLine.ParameterException || ex instanceof IllegalArgumentException
                    ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(toolName(c) + ": " + ex.getMessage());
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /** The tool as the user typed it: {@code shift-own}, or {@code paddock image make}. */
    static String toolName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }
}
