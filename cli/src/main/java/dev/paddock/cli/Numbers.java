package dev.paddock.cli;

import picocli.CommandLine;

/** Parses ids and sizes written in hex ({@code 0x30000}) or decimal. */
public final class Numbers implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.strip();
        try {
            long n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            if (n < 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number (use decimal or 0x hex)");
        }
    }

    public static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }
}
