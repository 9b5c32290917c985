package dev.paddock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code paddock image}: casync-compatible chunked images. Declared programmatically ({@link Specs}). */
final class ImageCommand implements Runnable {
    private final CommandSpec spec;

    private ImageCommand() {
        spec = Specs.command(this, "image", "Make, extract and inspect casync-compatible images (.caidx, .caibx, .catar).");
    }

    /** The group's spec, bound to a fresh instance, without subcommands. */
    static CommandSpec spec() {
        return new ImageCommand().spec;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (make, extract, list, mtree, digest, info, diff)");
    }
}
