package dev.paddock.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND...]}: the usage of the command the names lead to, through any depth of groups
 * ({@code paddock help image make}). picocli's own help command looks up one name only, so it
 * described {@code image} when asked about {@code image make}.
 */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the help of a command, for example 'help image make'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to describe, group first.")
    String[] names = {};

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : names) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(self, "'" + target.getCommandSpec().qualifiedName()
                        + "' has no command '" + name + "'");
            }
            target = next;
        }
        target.usage(out, colors);
    }
}
