package dev.paddock.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.catar.OwnerMapping;
import dev.paddock.core.image.catar.TreeExtractor;
import dev.paddock.core.image.extract.BlobExtractor;
import dev.paddock.core.image.extract.ChunkInputStream;
import dev.paddock.core.image.extract.ExtractResult;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.CacheStore;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.StoreCopier;
import dev.paddock.core.store.TransferStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Extract IMAGE to DEST: a directory for .caidx/.catar, a file or block device for .caibx.")
final class ImageExtractCommand implements Callable<Integer> {
    @Mixin
    ImageStoreOption store;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "A local store in front of --store: chunks are read from it first and fetched ones are kept there.")
    Path cache;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Chunks fetched at once (default: 16 when a store is remote, else the number of cores).")
    Integer concurrency;

    @Option(names = "--seed", paramLabel = "DIR", description = "Use chunks found in this file or directory before the store.")
    List<Path> seeds = new ArrayList<>();

    @Option(names = "--uid-shift", paramLabel = "SHIFT", converter = Numbers.class,
            description = "Map archive ids [0, RANGE) to [SHIFT, SHIFT+RANGE) (the shift-own rule); other ids are refused.")
    Long uidShift;

    @Option(names = "--uid-range", paramLabel = "RANGE", converter = Numbers.class,
            description = "Size of the id range for --uid-shift (default 65536).")
    Long uidRange;

    @Option(names = "--without", paramLabel = "FEATURE", description = "Do not restore this feature (e.g. privileged).")
    List<String> without = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON summary.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--debug", hidden = true)
    boolean debug;

    @Parameters(index = "0", paramLabel = "IMAGE")
    Path image;

    @Parameters(index = "1", paramLabel = "DEST")
    Path dest;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImageKind kind;
        try {
            kind = ImageKind.of(image);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!seeds.isEmpty()) {
            System.err.println(spec.qualifiedName() + ": warning: --seed is not used yet; fetching every chunk from the store");
        }
        if (concurrency != null && concurrency < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        }
        boolean remote = store.remote(image);
        int threads = concurrency != null ? concurrency
                : remote ? StoreCopier.DEFAULT_CONCURRENCY : Runtime.getRuntime().availableProcessors();
        TreeExtractor.Options options = treeOptions();
        if (kind == ImageKind.ARCHIVE) {
            try (InputStream in = Archives.openCatar(image)) {
                Archives.extract(in, dest, options);
            }
            return ExitCodes.OK;
        }
        Index index = IndexReader.read(image);
        ExtractResult r;
        TransferStats stats = new TransferStats();
        long started = System.nanoTime();
        try (ChunkStore s = CacheStore.reading(store.open(image, index.header().digest(), threads), cache, index.header().digest(), stats);
             ImageProgress progress = ImageProgress.start("extract", index.totalSize(), quiet || json)) {
            if (kind == ImageKind.BLOB_INDEX) {
                r = BlobExtractor.extract(index, s, dest, threads, progress::update);
            } else {
                try (ChunkInputStream in = new ChunkInputStream(index.entries(), s, threads, progress::update)) {
                    Archives.extract(in, dest, options);
                }
                r = new ExtractResult(index.entries().size(), index.totalSize());
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        TransferStats.Snapshot t = stats.snapshot();
        if (json) {
            System.out.println(new ImageJson().put("image", image.toString()).put("dest", dest.toString())
                    .put("chunks", r.chunks()).put("bytes", r.bytes())
                    .put("cacheChunks", t.cacheChunks()).put("cacheBytes", t.cacheBytes())
                    .put("storeChunks", t.storeChunks()).put("storeBytes", t.storeBytes())
                    .put("seconds", Math.round(seconds * 1000) / 1000.0).put("bytesPerSecond", Math.round(r.bytes() / seconds)));
        } else if (!quiet) {
            System.out.println(String.format(java.util.Locale.ROOT,
                    "Extracted %d chunks (%.1f MB): %d from cache (%.1f MB), %d from store (%.1f MB); %.1f MB/s",
                    r.chunks(), r.bytes() / 1e6, t.cacheChunks(), t.cacheBytes() / 1e6, t.storeChunks(), t.storeBytes() / 1e6,
                    r.bytes() / 1e6 / seconds));
        }
        return ExitCodes.OK;
    }

    private TreeExtractor.Options treeOptions() {
        if (uidRange != null && uidShift == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--uid-range needs --uid-shift");
        }
        for (String w : without) {
            if (!w.equals("privileged") && !w.equals("all")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--without=" + w + ": only 'privileged' (or 'all') is supported for extract");
            }
        }
        OwnerMapping mapping;
        try {
            mapping = uidShift == null ? OwnerMapping.IDENTITY : Archives.uidShift(uidShift, uidRange == null ? 65536 : uidRange);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String tool = spec.qualifiedName();
        return Archives.extractOptions(mapping, without.isEmpty(), message -> System.err.println(tool + ": warning: " + message));
    }
}
