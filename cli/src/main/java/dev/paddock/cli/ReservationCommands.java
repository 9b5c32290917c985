package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.paddock.core.container.ContainerName;
import dev.paddock.core.container.Reservation;
import dev.paddock.core.container.ReservationBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code paddock reserve}, {@code paddock reservations} and {@code paddock release}. */
final class ReservationCommands {
    private ReservationCommands() {}

    /** A reservation as scripts see it. */
    record ReservationJson(String name, long base, String baseHex, long size, String sizeHex, String state, String created) {
        static ReservationJson of(Reservation r) {
            return new ReservationJson(r.name().value(), r.base(), Numbers.hex(r.base()), r.size(), Numbers.hex(r.size()),
                    r.state().label(), r.created());
        }
    }

    @Command(name = "reserve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Reserve a block of host uids and gids for a container.",
                    "The block is aligned to its size and overlaps neither the host's ids (0-0xFFFF), the ranges in "
                            + "/etc/subuid and /etc/subgid, nor another reservation. Reserving an existing NAME again "
                            + "prints its block."})
    static final class Reserve implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Parameters(paramLabel = "NAME", description = "Container name: letters, digits, '-', '_', '.'; at most 64 characters.")
        String name;
        @Option(names = "--size", paramLabel = "N", converter = Numbers.class, defaultValue = "0x10000",
                description = "Number of ids (default: ${DEFAULT-VALUE}).")
        long size;
        @Option(names = "--json", description = "Print the reservation as JSON.") boolean json;

        @Override
        public Integer call() throws Exception {
            Reservation r = registry.reservations().reserve(new ContainerName(name), size);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, ReservationJson.of(r));
            } else {
                out.println(r.name() + " " + Numbers.hex(r.base()) + " " + Numbers.hex(r.size()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "reservations", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List uid/gid reservations: NAME, BASE, SIZE and STATE.")
    static final class ListAll implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RegistryOptions registry;
        @Option(names = "--json", description = "Print the list as JSON.") boolean json;

        @Override
        public Integer call() throws Exception {
            List<Reservation> all = registry.reservations().list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<ReservationJson> rows = new ArrayList<>();
                all.forEach(r -> rows.add(ReservationJson.of(r)));
                Json.print(out, rows);
                return ExitCodes.OK;
            }
            out.printf("%-24s %-12s %-10s %s%n", "NAME", "BASE", "SIZE", "STATE");
            for (Reservation r : all) {
                out.printf("%-24s %-12s %-10s %s%n", r.name(), Numbers.hex(r.base()), Numbers.hex(r.size()), r.state().label());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Free the uid/gid reservation of NAME.")
    static final class Release implements Callable<Integer> {
        @Mixin RegistryOptions registry;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            ReservationBook book = registry.reservations();
            book.release(new ContainerName(name));
            return ExitCodes.OK;
        }
    }
}
