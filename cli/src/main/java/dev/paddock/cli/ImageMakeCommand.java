package dev.paddock.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.catar.FeatureFlags;
import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.image.make.ImageMaker;
import dev.paddock.core.image.make.MakeCacheFile;
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
    private Path cache;
    private boolean noCache;
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
        spec.addOption(OptionSpec.builder("--cache").paramLabel("FILE").type(Path.class)
                .description("The make cache to read and update, so that a re-make does not read, chunk or hash what did not change"
                        + " (default: one file per source, store, chunk sizes and digest under $XDG_CACHE_HOME/paddock/make).",
                        "Used for .caidx images made into local stores, from ext4, xfs, btrfs or tmpfs; a file counts as unchanged"
                        + " while its inode, size, mtime and ctime are, as with git's index and casync --cache.").build());
        Specs.flag(spec, "Neither use nor write a make cache.", "--no-cache");
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
        cache = Specs.value(spec, "--cache");
        noCache = Specs.value(spec, "--no-cache");
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
        if (cache != null && noCache) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cache and --no-cache exclude each other");
        }
        MakeCacheFile cacheFile = kind == ImageKind.ARCHIVE_INDEX && !noCache && !store.remote(image)
                ? new MakeCacheFile(cache != null ? cache : MakeCacheFile.defaultPath(cacheHome(), source, store.locations(image).stream().map(l -> l.text()).toList(), sizes, dig), Instant.now())
                : null;
        MakeResult r;
        try (ChunkStore s = store.open(image, dig); ImageProgress progress = ImageProgress.start("make", expected, quiet || json)) {
            r = ImageMaker.makeIndex(image, stream, s, options, progress::update, cacheFile);
        }
        if (json) {
            System.out.println(new ImageJson().put("image", image.toString()).put("store", store.location(image).text())
                    .put("chunks", r.chunks()).put("reused", r.reused()).put("written", r.written())
                    .put("bytes", r.bytes()).put("compressedBytesWritten", r.compressedBytesWritten())
                    .put("fromCache", r.fromCache()));
        } else if (!quiet) {
            System.out.println(String.format(Locale.ROOT, "Reused %d of %d chunks (%.1f%%), wrote %d new chunks (%.1f MB compressed)",
                    r.reused(), r.chunks(), r.reusedPercent(), r.written(), r.compressedBytesWritten() / 1e6));
        }
        return ExitCodes.OK;
    }

    /** $XDG_CACHE_HOME, or ~/.cache as the XDG base directory spec says when it is unset or relative. */
    private static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg);
        }
        return Path.of(System.getProperty("user.home"), ".cache");
    }
}
