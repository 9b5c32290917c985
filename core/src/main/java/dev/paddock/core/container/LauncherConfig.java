package dev.paddock.core.container;

import java.time.Clock;

/** Everything the launcher needs, passed in so that tests can build any host. */
public record LauncherConfig(HostRegistry registry, ReservationPolicy policy, HostFacts host, String subnet, Clock clock) {
    public ReservationBook reservations() {
        return new ReservationBook(registry, policy, clock);
    }
}
