package dev.paddock.cli;

import java.util.List;

/**
 * Every subcommand, in the order --help lists them: the top level, and the commands of each group.
 * Add new commands here, not in {@code @Command(subcommands = ...)}, which picocli would build on every
 * run. A run builds only the commands its command line names, because picocli's reflection over every
 * command is most of a short run's time.
 *
 * <p>Commands are made by a switch rather than a map of constructor references: the first lambda or
 * method reference of a run sets up the JVM's method-handle machinery, ~7 ms that shift-own would
 * otherwise spend before parsing its arguments.
 */
final class Registry {
    private static final List<String> TOP = List.of("shift-own", "shift-mount", "reserve", "reservations", "release",
            "image", "container", "store", "units");
    private static final List<String> IMAGE = List.of("make", "extract", "list", "mtree", "digest", "info", "diff", "help");
    private static final List<String> CONTAINER = List.of("create", "run", "start", "stop", "status", "list", "shell", "rm",
            "network-up");
    private static final List<String> STORE = List.of("gc", "verify", "push", "pull", "help");
    private static final List<String> UNITS = List.of("install");

    private Registry() {}

    /** The top-level commands, in order. */
    static List<String> names() {
        return TOP;
    }

    /** The subcommands of the group {@code group}, in order; empty for a command that has none. */
    static List<String> namesOf(String group) {
        return switch (group) {
            case "image" -> IMAGE;
            case "container" -> CONTAINER;
            case "store" -> STORE;
            case "units" -> UNITS;
            default -> List.of();
        };
    }

    /** A new instance of the top-level command {@code name}; null if there is none. */
    static Object create(String name) {
        return switch (name) {
            case "shift-own" -> ShiftOwnCommand.spec();
            case "shift-mount" -> new ShiftMountCommand();
            case "reserve" -> new ReservationCommands.Reserve();
            case "reservations" -> new ReservationCommands.ListAll();
            case "release" -> new ReservationCommands.Release();
            case "image" -> ImageCommand.spec();
            case "container" -> new ContainerCommands();
            case "store" -> new StoreCommands();
            case "units" -> new UnitsCommand();
            default -> null;
        };
    }

    /** A new instance of the subcommand {@code name} of {@code group}; null if there is none. */
    static Object create(String group, String name) {
        if (!namesOf(group).contains(name)) {
            return null;
        }
        if (name.equals("help")) {
            return new HelpCommand();
        }
        return switch (group) {
            case "image" -> image(name);
            case "container" -> container(name);
            case "store" -> store(name);
            default -> new UnitsCommand.Install();
        };
    }

    private static Object image(String name) {
        return switch (name) {
            case "make" -> ImageMakeCommand.spec();
            case "extract" -> ImageExtractCommand.spec();
            case "list" -> ImageListingCommand.spec(ImageListingCommand.Kind.LIST);
            case "mtree" -> ImageListingCommand.spec(ImageListingCommand.Kind.MTREE);
            case "digest" -> ImageListingCommand.spec(ImageListingCommand.Kind.DIGEST);
            case "info" -> ImageInfoCommand.spec();
            default -> ImageDiffCommand.spec();
        };
    }

    private static Object container(String name) {
        return switch (name) {
            case "create" -> new ContainerCommands.Create();
            case "run" -> new ContainerCommands.Run();
            case "start" -> new ContainerCommands.Start();
            case "stop" -> new ContainerCommands.Stop();
            case "status" -> new ContainerCommands.Status();
            case "list" -> new ContainerCommands.ListAll();
            case "shell" -> new ContainerCommands.Shell();
            case "rm" -> new ContainerCommands.Remove();
            default -> new ContainerCommands.Network();
        };
    }

    private static Object store(String name) {
        return switch (name) {
            case "gc" -> new StoreCommands.Gc();
            case "verify" -> new StoreCommands.Verify();
            case "push" -> new StoreCommands.Push();
            default -> new StoreCommands.Pull();
        };
    }
}
