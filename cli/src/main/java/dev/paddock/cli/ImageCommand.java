package dev.paddock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code paddock image}: casync-compatible chunked images. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Make, extract and inspect casync-compatible images (.caidx, .caibx, .catar).")
final class ImageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (make, extract, list, mtree, digest, info, diff)");
    }
}
