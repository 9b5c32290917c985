package dev.paddock.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.paddock.core.image.ImageDiff;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.LocalChunkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Compare two indexes: chunks shared, chunks only in NEW, and bytes a host holding OLD must fetch to get NEW.")
final class ImageDiffCommand implements Callable<Integer> {
    @Mixin
    ImageStoreOption store;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Parameters(index = "0", paramLabel = "OLD")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW")
    Path newer;

    @Override
    public Integer call() throws Exception {
        Index o = IndexReader.read(older);
        Index n = IndexReader.read(newer);
        LocalChunkStore s = store.openIfPresent(newer, n.header().digest());
        ImageDiff d = ImageDiff.of(o, n, s);
        if (json) {
            System.out.println(new ImageJson().put("old", older.toString()).put("new", newer.toString())
                    .put("oldUniqueChunks", d.oldUniqueChunks()).put("newUniqueChunks", d.newUniqueChunks())
                    .put("sharedChunks", d.sharedChunks()).put("newOnlyChunks", d.newOnlyChunks())
                    .put("fetchBytes", d.fetchBytes()).put("fetchCompressedBytes", d.fetchStoredBytes()).put("newTotalBytes", d.newTotalBytes()));
            return ExitCodes.OK;
        }
        System.out.printf(Locale.ROOT, "Shared chunks: %d of %d unique chunks in NEW%n", d.sharedChunks(), d.newUniqueChunks());
        System.out.printf(Locale.ROOT, "New chunks: %d (%d bytes uncompressed%s)%n", d.newOnlyChunks(), d.fetchBytes(),
                d.fetchStoredBytes() >= 0 ? ", " + d.fetchStoredBytes() + " bytes compressed" : "");
        System.out.printf(Locale.ROOT, "To fetch: %.1f%% of NEW's %d bytes%n",
                d.newTotalBytes() == 0 ? 0.0 : 100.0 * d.fetchBytes() / d.newTotalBytes(), d.newTotalBytes());
        return ExitCodes.OK;
    }
}
