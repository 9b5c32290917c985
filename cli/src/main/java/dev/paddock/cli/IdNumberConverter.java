package dev.paddock.cli;

import picocli.CommandLine;

/** Parses ids and id counts written in decimal or hex ({@code 0x30000}); see {@link Numbers}. */
final class IdNumberConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return Numbers.parse(value);
    }
}
