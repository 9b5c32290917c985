package dev.paddock.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.paddock.core.image.Archives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "digest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the digest of an image or directory as casync digest does.")
final class ImageDigestCommand implements Callable<Integer> {
    @Mixin
    ImageStoreOption store;

    @Parameters(index = "0", paramLabel = "IMAGE|DIR")
    Path image;

    @Override
    public Integer call() throws Exception {
        System.out.print(Archives.digest(image, digest -> store.open(image, digest)));
        System.out.flush();
        return ExitCodes.OK;
    }
}
