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
        CommandLine root = rootWithHelp();
        for (String name : Registry.names()) {
            root.addSubcommand(name, command(name, null));
        }
        return root;
    }

    /**
     * The tree {@code args} need. A command line that starts with a subcommand's name gets the root with
     * only that subcommand: building the others would be most of the run (picocli reflects over every
     * command of the tree). Root options, no command or a typo get the top level without the groups'
     * commands; the root's {@code help} command gets the whole tree.
     */
    public static CommandLine buildFor(String... args) {
        if (args.length > 0 && args[0].equals("help")) {
            return build(); // 'paddock help image' describes a group, subcommands and all
        }
        if (args.length > 0 && Registry.names().contains(args[0])) {
            CommandLine root = new CommandLine(Main.spec());
            root.addSubcommand(args[0], command(args[0], args.length > 1 ? args[1] : null));
            return root;
        }
        // root options, no command or a mistyped one: only the top level is shown or suggested
        CommandLine root = rootWithHelp();
        for (String name : Registry.names()) {
            root.addSubcommand(name, new CommandLine(Registry.create(name)));
        }
        return root;
    }

    /** The root with its {@code help} command, which the top-level usage lists first. */
    private static CommandLine rootWithHelp() {
        CommandLine root = new CommandLine(Main.spec());
        root.addSubcommand("help", new HelpCommand());
        return root;
    }

    /**
     * The command {@code name} with its subcommands: only {@code only} when it names one of them, else
     * all (for the group's help, its {@code help} command, which describes the others, or a mistyped
     * name).
     */
    private static CommandLine command(String name, String only) {
        CommandLine cl = new CommandLine(Registry.create(name));
        var subs = Registry.namesOf(name);
        if (only != null && !only.equals("help") && subs.contains(only)) {
            cl.addSubcommand(only, Registry.create(name, only));
        } else {
            for (String sub : subs) {
                cl.addSubcommand(sub, Registry.create(name, sub));
            }
        }
        return cl;
    }

    /**
     * Only the named subcommand, named as the user typed it, for the {@code shift-own} and
     * {@code shift-mount} launchers; null if there is no such subcommand.
     */
    public static CommandLine buildEntry(String name) {
        if (!Registry.names().contains(name)) {
            return null;
        }
        CommandLine cl = command(name, null);
        cl.getCommandSpec().name(name);
        return cl;
    }

    static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setExecutionExceptionHandler(new FailureHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        return cl;
    }

    /** Named classes rather than lambdas, for the reason given on {@link Registry}. */
    private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
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
        }
    }

    private static final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(toolName(c) + ": " + ex.getMessage());
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        }
    }

    /** The tool as the user typed it: {@code shift-own}, or {@code paddock image make}. */
    static String toolName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }
}
