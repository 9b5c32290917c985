package dev.paddock.core.image.catar;

/** Receives what extraction could not restore exactly (e.g. ownership as a non-root caller). */
@FunctionalInterface
public interface ExtractListener {
    void warning(String message);

    ExtractListener IGNORE = m -> { };
}
