package dev.paddock.cli;

import picocli.CommandLine;

/** Parses ids and id counts written in decimal or hex ({@code 0x30000}). */
final class IdNumberConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim();
        try {
            long n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            if (n < 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number (decimal or 0x hex)");
        }
    }
}
