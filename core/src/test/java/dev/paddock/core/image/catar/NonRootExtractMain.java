package dev.paddock.core.image.catar;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Runs an extraction in a child JVM (started without privileges by NonRootExtractTest); warnings go to stdout. */
public final class NonRootExtractMain {
    private NonRootExtractMain() {}

    public static void main(String[] args) throws Exception {
        try (CatarDecoder d = new CatarDecoder(FileChannel.open(Path.of(args[0]), StandardOpenOption.READ))) {
            new TreeExtractor(TreeExtractor.Options.defaults().withListener(m -> System.out.println("warning: " + m)))
                    .extract(d, Path.of(args[1]));
        }
    }
}
