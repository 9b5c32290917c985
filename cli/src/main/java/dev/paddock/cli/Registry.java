package dev.paddock.cli;

import java.util.List;

/** Every top-level subcommand, in the order --help lists them. Add new commands here. */
final class Registry {
    private Registry() {}

    static List<Object> subcommands() {
        return List.of(new ShiftOwnCommand());
    }
}
