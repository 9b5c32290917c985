package dev.paddock.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every subcommand, in the order --help lists them: the top level, and the commands of each group.
 * Add new commands here, not in {@code @Command(subcommands = ...)}, which picocli would build on every
 * run. Suppliers keep start-up cheap: a run builds only the commands its command line names, because
 * picocli's reflection over every command is most of a short run's time.
 */
final class Registry {
    private Registry() {}

    static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("shift-own", ShiftOwnCommand::spec);
        commands.put("shift-mount", ShiftMountCommand::new);
        commands.put("reserve", ReservationCommands.Reserve::new);
        commands.put("reservations", ReservationCommands.ListAll::new);
        commands.put("release", ReservationCommands.Release::new);
        commands.put("image", ImageCommand::new);
        commands.put("container", ContainerCommands::new);
        commands.put("store", StoreCommands::new);
        commands.put("units", UnitsCommand::new);
        return commands;
    }

    /** The subcommands of the group {@code name}; empty for a command that has none. */
    static Map<String, Supplier<Object>> subcommandsOf(String name) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        switch (name) {
            case "image" -> {
                commands.put("make", ImageMakeCommand::new);
                commands.put("extract", ImageExtractCommand::new);
                commands.put("list", ImageListCommand::new);
                commands.put("mtree", ImageMtreeCommand::new);
                commands.put("digest", ImageDigestCommand::new);
                commands.put("info", ImageInfoCommand::new);
                commands.put("diff", ImageDiffCommand::new);
                commands.put("help", HelpCommand::new);
            }
            case "container" -> {
                commands.put("create", ContainerCommands.Create::new);
                commands.put("run", ContainerCommands.Run::new);
                commands.put("start", ContainerCommands.Start::new);
                commands.put("stop", ContainerCommands.Stop::new);
                commands.put("status", ContainerCommands.Status::new);
                commands.put("list", ContainerCommands.ListAll::new);
                commands.put("shell", ContainerCommands.Shell::new);
                commands.put("rm", ContainerCommands.Remove::new);
                commands.put("network-up", ContainerCommands.Network::new);
            }
            case "store" -> {
                commands.put("gc", StoreCommands.Gc::new);
                commands.put("verify", StoreCommands.Verify::new);
                commands.put("push", StoreCommands.Push::new);
                commands.put("pull", StoreCommands.Pull::new);
                commands.put("help", HelpCommand::new);
            }
            case "units" -> commands.put("install", UnitsCommand.Install::new);
            default -> {
                // a command without subcommands
            }
        }
        return commands;
    }
}
