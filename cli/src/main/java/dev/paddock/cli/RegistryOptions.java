package dev.paddock.cli;

import java.nio.file.Path;
import java.time.Clock;

import dev.paddock.core.container.HostRegistry;
import dev.paddock.core.container.ReservationBook;
import dev.paddock.core.container.ReservationPolicy;
import picocli.CommandLine.Option;

/** The registry root shared by the reservation and container commands. */
final class RegistryOptions {
    @Option(names = "--root", paramLabel = "DIR",
            description = "The paddock registry root (default: $PADDOCK_ROOT, else /var/lib/paddock).")
    Path root;

    HostRegistry registry() {
        return new HostRegistry(root != null ? root : HostRegistry.rootFromEnvironment(System.getenv()));
    }

    ReservationBook reservations() {
        return new ReservationBook(registry(), ReservationPolicy.host(), Clock.systemUTC());
    }
}
