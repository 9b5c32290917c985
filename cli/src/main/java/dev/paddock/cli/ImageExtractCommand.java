package dev.paddock.cli;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.paddock.core.image.ImageKind;
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

    @Option(names = "--uid-shift", paramLabel = "SHIFT", description = "Add SHIFT to every uid/gid (same rule as shift-own).")
    String uidShift;

    @Option(names = "--uid-range", paramLabel = "RANGE", description = "Size of the uid/gid range (default 65536).")
    String uidRange;

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
        if (kind == ImageKind.ARCHIVE) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(image), 1 << 20)) {
                ArchiveSupport.extract(in, dest, without, uidShift, uidRange);
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
                    ArchiveSupport.extract(in, dest, without, uidShift, uidRange);
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
}
