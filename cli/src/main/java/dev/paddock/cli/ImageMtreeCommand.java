package dev.paddock.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "mtree", mixinStandardHelpOptions = true, description = "Print IMAGE's mtree output as casync does.")
final class ImageMtreeCommand implements Callable<Integer> {
    @Mixin
    ImageStoreOption store;

    @Parameters(index = "0", paramLabel = "IMAGE")
    Path image;

    @Override
    public Integer call() throws Exception {
        throw ArchiveSupport.unavailable();
    }
}
