package dev.paddock.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every top-level subcommand, in the order --help lists them. Add new commands here.
 * Suppliers keep start-up cheap: a launcher entering at one subcommand builds only that one, because
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
}
