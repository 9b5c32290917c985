package dev.paddock.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.paddock.core.image.Archives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the entries of a .caidx, .catar or directory as casync list does.")
final class ImageListCommand implements Callable<Integer> {
    @Mixin
    ImageStoreOption store;

    @Parameters(index = "0", paramLabel = "IMAGE|DIR")
    Path image;

    @Override
    public Integer call() throws Exception {
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        Archives.list(image, digest -> store.open(image, digest), out);
        out.flush();
        return ExitCodes.OK;
    }
}
