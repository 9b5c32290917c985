package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;

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
        Registry.subcommands().forEach((name, sub) -> root.addSubcommand(name, command(name, sub.get(), null)));
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
        var sub = args.length == 0 ? null : Registry.subcommands().get(args[0]);
        CommandLine root = new CommandLine(new Main());
        if (sub == null) {
            // root options, no command or a mistyped one: only the top level is shown or suggested
            Registry.subcommands().forEach((name, s) -> root.addSubcommand(name, new CommandLine(s.get())));
        } else {
            root.addSubcommand(args[0], command(args[0], sub.get(), args.length > 1 ? args[1] : null));
        }
        return root;
    }

    /**
     * The command {@code name} with its subcommands: only {@code only} when it names one of them, else
     * all (for the group's help, its {@code help} command, which describes the others, or a mistyped
     * name).
     */
    private static CommandLine command(String name, Object command, String only) {
        CommandLine cl = new CommandLine(command);
        Map<String, Supplier<Object>> subs = Registry.subcommandsOf(name);
        Supplier<Object> one = only == null || only.equals("help") ? null : subs.get(only);
        if (one != null) {
            cl.addSubcommand(only, one.get());
        } else {
            subs.forEach((n, s) -> cl.addSubcommand(n, s.get()));
        }
        return cl;
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
        CommandLine cl = command(name, sub.get(), null);
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
