package dev.paddock.core.container;

/** Whether a reservation is only held, or a container is using it. */
public enum ReservationState {
    RESERVED, IN_USE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ReservationState parse(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
