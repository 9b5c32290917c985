package dev.paddock.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.paddock.core.image.ImageInfo;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.LocalChunkStore;
import picocli.CommandLine.Model.CommandSpec;

/** {@code paddock image info}. Declared programmatically ({@link Specs}), as the other image commands. */
final class ImageInfoCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private ImageInfoCommand() {
        spec = Specs.command(this, "info",
                "Show an index's feature flags, chunk sizes, chunk counts and sizes (and store usage if the store is present).");
    }

    /** The command's spec, bound to a fresh instance. */
    static CommandSpec spec() {
        CommandSpec spec = new ImageInfoCommand().spec;
        ImageStoreOption.addTo(spec);
        Specs.flag(spec, "Print JSON.", "--json");
        Specs.positional(spec, "0", "IMAGE", Path.class);
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        ImageStoreOption store = ImageStoreOption.from(spec);
        boolean json = Specs.value(spec, "--json");
        Path image = Specs.positionalValue(spec, 0);
        ImageKind kind = ImageKind.of(image);
        if (!kind.isIndex()) {
            throw new IllegalArgumentException(image + ": info needs an index (.caidx or .caibx)");
        }
        Index index = IndexReader.read(image);
        LocalChunkStore s = store.openIfPresent(image, index.header().digest());
        ImageInfo i = ImageInfo.of(index, s);
        String flags = String.format("0x%016x", i.featureFlags());
        String names = String.join(" ", ImageFlagNames.of(i.featureFlags()));
        if (json) {
            System.out.println(new ImageJson().put("image", image.toString()).put("type", kind == ImageKind.BLOB_INDEX ? "blob-index" : "archive-index")
                    .put("featureFlags", flags).put("features", names).put("digest", index.header().digest().cliName())
                    .put("chunkSizeMin", i.chunkSizeMin()).put("chunkSizeAvg", i.chunkSizeAvg()).put("chunkSizeMax", i.chunkSizeMax())
                    .put("chunks", i.chunks()).put("uniqueChunks", i.uniqueChunks()).put("totalBytes", i.totalBytes())
                    .put("uniqueBytes", i.uniqueBytes()).put("smallestChunk", i.smallestChunk()).put("largestChunk", i.largestChunk())
                    .put("store", s == null ? null : s.location()).put("storedBytes", i.storedBytes()).put("missingChunks", i.missingChunks()));
            return ExitCodes.OK;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Image: ").append(image).append('\n');
        sb.append("Type: ").append(kind == ImageKind.BLOB_INDEX ? "blob index (.caibx)" : "archive index (.caidx)").append('\n');
        sb.append("Feature flags: ").append(flags).append(names.isEmpty() ? "" : " (" + names + ")").append('\n');
        sb.append("Digest: ").append(index.header().digest().cliName()).append('\n');
        sb.append(String.format(Locale.ROOT, "Chunk sizes: min %d, avg %d, max %d%n", i.chunkSizeMin(), i.chunkSizeAvg(), i.chunkSizeMax()));
        sb.append(String.format(Locale.ROOT, "Chunks: %d (%d unique)%n", i.chunks(), i.uniqueChunks()));
        sb.append(String.format(Locale.ROOT, "Chunk size: smallest %d, largest %d, average %.0f%n", i.smallestChunk(), i.largestChunk(), i.averageChunk()));
        sb.append(String.format(Locale.ROOT, "Total bytes: %d (%d in unique chunks)%n", i.totalBytes(), i.uniqueBytes()));
        if (s != null) {
            sb.append(String.format(Locale.ROOT, "Store: %s, %d compressed bytes, %d chunks missing%n", s.location(), i.storedBytes(), i.missingChunks()));
        }
        System.out.print(sb);
        return ExitCodes.OK;
    }
}
