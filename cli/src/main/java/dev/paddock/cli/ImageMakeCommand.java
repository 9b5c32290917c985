package dev.paddock.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.catar.FeatureFlags;
import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.image.make.ImageMaker;
import dev.paddock.core.image.make.MakeOptions;
import dev.paddock.core.image.make.MakeResult;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.Compression;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code paddock image make}. Declared programmatically ({@link Specs}): build scripts run it often,
 * and reading annotations kept the encoder from starting for ~60 ms.
 */
final class ImageMakeCommand implements Callable<Integer> {
    private final CommandSpec spec;
    private ImageStoreOption store;
    private String chunkSize;
    private List<String> with;
    private List<String> without;
    private String compression;
    private String digest;
    private boolean json;
    private boolean quiet;
    private Path image;
    private Path source;

    private ImageMakeCommand() {
        spec = Specs.command(this, "make",
                "Make an image of SOURCE: a directory for .caidx/.catar, a file or block device for .caibx.",
                "Chunks go to the store; prints how many were reused and how many written.");
    }

    /** The command's spec, bound to a fresh instance. */
    static CommandSpec spec() {
        CommandSpec spec = new ImageMakeCommand().spec;
        ImageStoreOption.addTo(spec);
        spec.addOption(OptionSpec.builder("--chunk-size").paramLabel("[MIN:]AVG[:MAX]").type(String.class)
                .description("Chunk sizes (default 16K:64K:256K).").build());
        Specs.listOption(spec, "--with", "FEATURE", String.class, "Store this feature (best, unix, fat, chattr, ...).");
        Specs.listOption(spec, "--without", "FEATURE", String.class, "Do not store this feature (or 'all').");
        spec.addOption(OptionSpec.builder("--compression").paramLabel("ALGO").type(String.class).initialValue("zstd")
                .description("zstd (default), xz, gzip or none.").build());
        spec.addOption(OptionSpec.builder("--digest").paramLabel("DIGEST").type(String.class).initialValue("sha512-256")
                .description("sha512-256 (default) or sha256.").build());
        ImageArgs.addTo(spec, "No progress and no summary line.", "SOURCE");
        return spec;
    }

    private void readOptions() {
        store = ImageStoreOption.from(spec);
        chunkSize = Specs.value(spec, "--chunk-size");
        with = Specs.value(spec, "--with");
        without = Specs.value(spec, "--without");
        compression = Specs.value(spec, "--compression");
        digest = Specs.value(spec, "--digest");
        ImageArgs args = ImageArgs.from(spec);
        json = args.json();
        quiet = args.quiet();
        image = args.image();
        source = args.other();
    }

    @Override
    public Integer call() throws Exception {
        readOptions();
        ImageKind kind;
        ChunkSizes sizes;
        Compression comp;
        ChunkDigest dig;
        try {
            kind = ImageKind.of(image);
            sizes = chunkSize == null ? ChunkSizes.DEFAULT : ChunkSizes.parse(chunkSize);
            comp = Compression.parse(compression);
            dig = ChunkDigest.parse(digest);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Files.exists(source)) {
            throw new java.nio.file.NoSuchFileException(source.toString());
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ImageMaker.StreamSource stream;
        long flags;
        long expected;
        if (kind == ImageKind.BLOB_INDEX) {
            if (Files.isDirectory(source)) {
                throw new CommandLine.ParameterException(spec.commandLine(), source + ": is a directory (a .caibx is made from a file or block device)");
            }
            stream = ImageMaker.blob(source);
            flags = MakeOptions.blobFlags(dig);
            expected = Files.isRegularFile(source) ? Files.size(source) : -1;
        } else {
            if (!Files.isDirectory(source)) {
                throw new CommandLine.ParameterException(spec.commandLine(), source + ": is not a directory (a " + kind.suffix() + " is made from a directory)");
            }
            FeatureFlags features;
            try {
                features = Archives.makeFlags(with, without, dig);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            stream = Archives.tree(source, features);
            flags = features.bits();
            expected = -1;
        }
        MakeOptions options = new MakeOptions(sizes, comp, dig, flags, threads);
        if (kind == ImageKind.ARCHIVE) {
            long bytes = ImageMaker.makeArchive(image, stream);
            if (json) {
                System.out.println(new ImageJson().put("image", image.toString()).put("bytes", bytes));
            }
            return ExitCodes.OK;
        }
        MakeResult r;
        try (ChunkStore s = store.open(image, dig); ImageProgress progress = ImageProgress.start("make", expected, quiet || json)) {
            r = ImageMaker.makeIndex(image, stream, s, options, progress::update);
        }
        if (json) {
            System.out.println(new ImageJson().put("image", image.toString()).put("store", store.location(image).text())
                    .put("chunks", r.chunks()).put("reused", r.reused()).put("written", r.written())
                    .put("bytes", r.bytes()).put("compressedBytesWritten", r.compressedBytesWritten()));
        } else if (!quiet) {
            System.out.println(String.format(Locale.ROOT, "Reused %d of %d chunks (%.1f%%), wrote %d new chunks (%.1f MB compressed)",
                    r.reused(), r.chunks(), r.reusedPercent(), r.written(), r.compressedBytesWritten() / 1e6));
        }
        return ExitCodes.OK;
    }
}
