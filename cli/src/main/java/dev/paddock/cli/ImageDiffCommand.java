package dev.paddock.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.paddock.core.image.ImageDiff;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.LocalChunkStore;
import picocli.CommandLine.Model.CommandSpec;

/** {@code paddock image diff}. Declared programmatically ({@link Specs}), as the other image commands. */
final class ImageDiffCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private ImageDiffCommand() {
        spec = Specs.command(this, "diff",
                "Compare two indexes: chunks shared, chunks only in NEW, and bytes a host holding OLD must fetch to get NEW.");
    }

    /** The command's spec, bound to a fresh instance. */
    static CommandSpec spec() {
        CommandSpec spec = new ImageDiffCommand().spec;
        ImageStoreOption.addTo(spec);
        Specs.flag(spec, "Print JSON.", "--json");
        Specs.positional(spec, "0", "OLD", Path.class);
        Specs.positional(spec, "1", "NEW", Path.class);
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        ImageStoreOption store = ImageStoreOption.from(spec);
        boolean json = Specs.value(spec, "--json");
        Path older = Specs.positionalValue(spec, 0);
        Path newer = Specs.positionalValue(spec, 1);
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
