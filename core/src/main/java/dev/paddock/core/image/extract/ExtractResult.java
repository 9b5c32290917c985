package dev.paddock.core.image.extract;

/** What an extract did. */
public record ExtractResult(long chunks, long bytes) {}
