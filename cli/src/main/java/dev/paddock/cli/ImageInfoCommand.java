package dev.paddock.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.paddock.core.image.ImageInfo;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.LocalChunkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show an index's feature flags, chunk sizes, chunk counts and sizes (and store usage if the store is present).")
final class ImageInfoCommand implements Callable<Integer> {
    @Mixin
    ImageStoreOption store;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Parameters(index = "0", paramLabel = "IMAGE")
    Path image;

    @Override
    public Integer call() throws Exception {
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
