package dev.paddock.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.catar.OwnerMapping;
import dev.paddock.core.image.catar.TreeExtractor;
import dev.paddock.core.image.extract.ImageExtraction;
import dev.paddock.core.store.StoreLocation;
import dev.paddock.core.store.TransferStats;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code paddock image extract}. Declared programmatically ({@link Specs}), as image make is: reading
 * annotations held up the start of every extraction.
 */
final class ImageExtractCommand implements Callable<Integer> {
    private final CommandSpec spec;
    private ImageStoreOption store;
    private Path cache;
    private Integer concurrency;
    private List<Path> seeds;
    private boolean seedOutput;
    private Long uidShift;
    private Long uidRange;
    private List<String> without;
    private boolean json;
    private boolean quiet;
    private Path image;
    private Path dest;

    private ImageExtractCommand() {
        spec = Specs.command(this, "extract",
                "Extract IMAGE to DEST: a directory for .caidx/.catar, a file or block device for .caibx.");
    }

    /** The command's spec, bound to a fresh instance. */
    static CommandSpec spec() {
        CommandSpec spec = new ImageExtractCommand().spec;
        ImageStoreOption.addTo(spec);
        spec.addOption(OptionSpec.builder("--cache").paramLabel("DIR").type(Path.class)
                .description("A local store in front of --store: chunks are read from it first and fetched ones are kept there.").build());
        spec.addOption(OptionSpec.builder("--concurrency").paramLabel("N").type(Integer.class)
                .description("Chunks fetched at once (default: 16 when a store is remote, else the number of cores).").build());
        Specs.listOption(spec, "--seed", "PATH", Path.class,
                "Use the image's chunks found in this directory (encoded as a catar with the image's features)"
                        + " or file/block device (its bytes) before fetching them from the store. Repeatable.",
                "Every seed chunk is checked against its digest; one that does not match is fetched instead.");
        spec.addOption(OptionSpec.builder("--seed-output").paramLabel("BOOL").arity("1").defaultValue("yes").type(boolean.class)
                .converters(new YesNo())
                .description("For a .caibx, use an existing DEST file or block device as a seed too (default: ${DEFAULT-VALUE}).").build());
        Numbers numbers = new Numbers();
        spec.addOption(OptionSpec.builder("--uid-shift").paramLabel("SHIFT").type(Long.class).converters(numbers)
                .description("Map archive ids [0, RANGE) to [SHIFT, SHIFT+RANGE) (the shift-own rule); other ids are refused.").build());
        spec.addOption(OptionSpec.builder("--uid-range").paramLabel("RANGE").type(Long.class).converters(numbers)
                .description("Size of the id range for --uid-shift (default 65536).").build());
        Specs.listOption(spec, "--without", "FEATURE", String.class, "Do not restore this feature (e.g. privileged).");
        ImageArgs.addTo(spec, "No progress output.", "DEST");
        return spec;
    }

    private void readOptions() {
        store = ImageStoreOption.from(spec);
        cache = Specs.value(spec, "--cache");
        concurrency = Specs.value(spec, "--concurrency");
        seeds = Specs.value(spec, "--seed");
        seedOutput = Specs.value(spec, "--seed-output");
        uidShift = Specs.value(spec, "--uid-shift");
        uidRange = Specs.value(spec, "--uid-range");
        without = Specs.value(spec, "--without");
        ImageArgs args = ImageArgs.from(spec);
        json = args.json();
        quiet = args.quiet();
        image = args.image();
        dest = args.other();
    }

    @Override
    public Integer call() throws Exception {
        readOptions();
        ImageKind kind;
        try {
            kind = ImageKind.of(image);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (concurrency != null && concurrency < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        }
        List<StoreLocation> stores = store.locations(image);
        int threads = concurrency != null ? concurrency : ImageExtraction.defaultThreads(stores);
        TreeExtractor.Options options = treeOptions();
        ImageExtraction.Result r;
        try (ImageProgress.Deferred progress = new ImageProgress.Deferred("extract", quiet || json)) {
            r = ImageExtraction.extract(image, dest, new ImageExtraction.Options(stores, cache, seeds, seedOutput, threads, options, progress,
                    store.s3.settings(threads)));
        }
        if (kind == ImageKind.ARCHIVE) {
            return ExitCodes.OK;
        }
        double seconds = r.seconds();
        TransferStats.Snapshot t = r.transfer();
        if (json) {
            System.out.println(new ImageJson().put("image", image.toString()).put("dest", dest.toString())
                    .put("chunks", r.chunks()).put("bytes", r.bytes())
                    .put("cacheChunks", t.cacheChunks()).put("cacheBytes", t.cacheBytes())
                    .put("seedChunks", t.seedChunks()).put("seedBytes", t.seedBytes())
                    .put("storeChunks", t.storeChunks()).put("storeBytes", t.storeBytes())
                    .put("seconds", Math.round(seconds * 1000) / 1000.0).put("bytesPerSecond", Math.round(r.bytes() / seconds)));
        } else if (!quiet) {
            System.out.println(String.format(java.util.Locale.ROOT,
                    "Extracted %d chunks (%.1f MB): %d from cache (%.1f MB), %d from seed (%.1f MB), %d from store (%.1f MB); %.1f MB/s",
                    r.chunks(), r.bytes() / 1e6, t.cacheChunks(), t.cacheBytes() / 1e6, t.seedChunks(), t.seedBytes() / 1e6,
                    t.storeChunks(), t.storeBytes() / 1e6,
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

    /** casync's boolean spelling for --seed-output: yes/no, true/false, on/off, 1/0. */
    static final class YesNo implements CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String v) {
            switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "yes", "y", "true", "t", "on", "1":
                    return true;
                case "no", "n", "false", "f", "off", "0":
                    return false;
                default:
                    throw new CommandLine.TypeConversionException("'" + v + "' is not a boolean (use yes or no)");
            }
        }
    }
}
