package dev.paddock.core.container;

/** A block of host uids and gids [base, base+size) held for one container. */
public record Reservation(ContainerName name, long base, long size, ReservationState state, String created) {
    public long end() {
        return base + size;
    }

    public boolean overlaps(long otherBase, long otherSize) {
        return base < otherBase + otherSize && otherBase < base + size;
    }

    public Reservation withState(ReservationState newState) {
        return new Reservation(name, base, size, newState, created);
    }
}
