package dev.paddock.core.container;

import java.util.regex.Pattern;

/**
 * A validated container or reservation name. Names become file names under the registry, systemd
 * instance names and nspawn machine names, so they are held to the hostname-like subset all three
 * accept: letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters.
 */
public record ContainerName(String value) {
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public ContainerName {
        String reason = problem(value);
        if (reason != null) {
            throw new IllegalArgumentException("invalid name '" + value + "': " + reason);
        }
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (name.contains("/")) {
            return "it contains '/'";
        }
        if (name.contains("..")) {
            return "it contains '..'";
        }
        if (name.chars().anyMatch(Character::isWhitespace)) {
            return "it contains white space";
        }
        if (!VALID.matcher(name).matches()) {
            return "use letters, digits, '-', '_' and '.', starting with a letter or digit";
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
