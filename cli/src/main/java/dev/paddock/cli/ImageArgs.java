package dev.paddock.cli;

import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;

/**
 * What the programmatic image commands (make, extract) share: {@code --json}, {@code -q}, the hidden
 * {@code --debug}, and the positional IMAGE and the tree or file on the other side of it.
 */
record ImageArgs(boolean json, boolean quiet, Path image, Path other) {
    /** Declares them, with the help text for {@code -q} and the label of the second positional. */
    static void addTo(CommandSpec spec, String quietDescription, String otherLabel) {
        Specs.flag(spec, "Print a JSON summary.", "--json");
        Specs.flag(spec, quietDescription, "-q", "--quiet");
        Specs.debugFlag(spec);
        Specs.positional(spec, "0", "IMAGE", Path.class);
        Specs.positional(spec, "1", otherLabel, Path.class);
    }

    /** Their values as {@code spec} parsed them. */
    static ImageArgs from(CommandSpec spec) {
        return new ImageArgs(Specs.value(spec, "--json"), Specs.value(spec, "--quiet"), Specs.positionalValue(spec, 0),
                Specs.positionalValue(spec, 1));
    }
}
