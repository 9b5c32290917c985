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
import dev.paddock.core.store.ChunkStore;
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
        int threads = Runtime.getRuntime().availableProcessors();
        TreeExtractor.Options options = treeOptions();
        if (kind == ImageKind.ARCHIVE) {
            try (InputStream in = Archives.openCatar(image)) {
                Archives.extract(in, dest, options);
            }
            return ExitCodes.OK;
        }
        Index index = IndexReader.read(image);
        ExtractResult r;
        try (ChunkStore s = store.open(image, index.header().digest());
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
        if (json) {
            System.out.println(new ImageJson().put("image", image.toString()).put("dest", dest.toString())
                    .put("chunks", r.chunks()).put("bytes", r.bytes()));
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
