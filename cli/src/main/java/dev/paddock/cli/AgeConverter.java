package dev.paddock.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/** An age as an administrator writes it: a number with s, m, h or d ({@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}). */
final class AgeConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhd])");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not an age such as 90s, 30m, 1h or 2d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
