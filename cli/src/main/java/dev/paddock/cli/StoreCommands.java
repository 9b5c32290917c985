package dev.paddock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.index.ChunkRefs;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.S3Settings;
import dev.paddock.core.store.StoreCopier;
import dev.paddock.core.store.StoreLocation;
import dev.paddock.core.store.StoreMaintenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code paddock store}: maintenance and transfer of chunk stores. */
@Command(name = "store", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Maintain chunk stores: remove unreferenced chunks, verify them, copy them between stores.")
final class StoreCommands implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (gc, verify, push, pull)");
    }

    /** The indexes named on the command line, all of one digest. */
    record Images(List<Index> indexes, ChunkDigest digest) {
        static Images read(CommandLine cl, List<Path> images, ChunkDigest fallback) throws IOException {
            List<Index> indexes = new ArrayList<>();
            ChunkDigest digest = null;
            for (Path image : images) {
                ImageKind kind;
                try {
                    kind = ImageKind.of(image);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cl, e.getMessage());
                }
                if (kind == ImageKind.ARCHIVE) {
                    throw new CommandLine.ParameterException(cl, image + ": a .catar refers to no chunks (use a .caidx or .caibx)");
                }
                Index index = IndexReader.read(image);
                ChunkDigest d = index.header().digest();
                if (digest != null && d != digest) {
                    throw new CommandLine.ParameterException(cl, image + ": names chunks by " + d.cliName() + ", the others by " + digest.cliName());
                }
                digest = d;
                indexes.add(index);
            }
            return new Images(indexes, digest != null ? digest : fallback);
        }

        Map<dev.paddock.core.store.ChunkId, Integer> refs() {
            return ChunkRefs.of(indexes);
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Workers for gc and verify: a remote store is bound by round trips, a local one by cores. */
    static int workers(ImageStoreOption store, Path anchor) {
        return store.remote(anchor) ? StoreCopier.DEFAULT_CONCURRENCY : cores();
    }

    static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    @Command(name = "gc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Delete the chunks that none of the IMAGEs refers to.")
    static final class Gc implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ImageStoreOption store;
        @Option(names = {"-n", "--dry-run"}, description = "Only report what would be removed.") boolean dryRun;
        @Option(names = "--temp-age", defaultValue = "1h", paramLabel = "AGE", converter = AgeConverter.class,
                description = "Also remove the temporary chunk files that interrupted writers (paddock's or casync's) left behind, "
                        + "once unmodified for AGE (90s, 30m, 1h, 2d; default: ${DEFAULT-VALUE}).") Duration tempAge;
        @Option(names = "--json", description = "Print the result as JSON.") boolean json;
        @Option(names = "--debug", hidden = true) boolean debug;
        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Indexes (.caidx, .caibx) whose chunks are kept.") List<Path> images;

        @Override
        public Integer call() throws Exception {
            Images in = Images.read(spec.commandLine(), images, ChunkDigest.SHA512_256);
            StoreMaintenance.GcResult r;
            int workers = workers(store, images.get(0));
            try (ChunkStore s = store.open(images.get(0), in.digest(), workers)) {
                r = StoreMaintenance.gc(s, in.refs(), Instant.now().minus(tempAge), dryRun, workers);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("dryRun", r.dryRun());
                m.put("chunks", r.inStore());
                m.put("referenced", r.referenced());
                m.put("removed", r.removed());
                m.put("removedBytes", r.removedBytes());
                m.put("kept", r.kept());
                m.put("temporaries", r.temporaries().files());
                m.put("temporaryBytes", r.temporaries().bytes());
                Json.print(out, m);
            } else {
                String removes = dryRun ? "Would remove " : "Removed ";
                out.println(removes + r.removed() + " of " + r.inStore() + " chunks (" + mb(r.removedBytes()) + "), kept " + r.kept());
                if (r.temporaries().files() > 0) {
                    out.println(removes + r.temporaries().files() + " temporary files left by interrupted writers ("
                            + mb(r.temporaries().bytes()) + ")");
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Rehash chunks: every chunk in the store, or those the IMAGEs refer to (then missing ones are reported too).",
                    "Exits 1 if any chunk is corrupt or missing."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ImageStoreOption store;
        @Option(names = "--repair", description = "Delete corrupt chunks, so that a later push or make stores them again.") boolean repair;
        @Option(names = "--digest", defaultValue = "sha512-256", paramLabel = "sha512-256|sha256",
                description = "Chunk digest when no IMAGE is given (default: ${DEFAULT-VALUE}).") String digest;
        @Option(names = "--json", description = "Print the result as JSON.") boolean json;
        @Option(names = "--debug", hidden = true) boolean debug;
        @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Only check the chunks of these indexes.") List<Path> images = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (images.isEmpty() && !store.given()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --store or at least one IMAGE");
            }
            ChunkDigest fallback;
            try {
                fallback = ChunkDigest.parse(digest);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Images in = Images.read(spec.commandLine(), images, fallback);
            StoreMaintenance.VerifyResult r;
            Path anchor = images.isEmpty() ? Path.of(".") : images.get(0);
            int workers = workers(store, anchor);
            try (ChunkStore s = store.open(anchor, in.digest(), workers)) {
                r = StoreMaintenance.verify(s, images.isEmpty() ? null : in.refs(), repair, workers);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("checked", r.checked());
                m.put("good", r.good());
                m.put("corrupt", r.problems().stream().filter(p -> !p.missing()).map(p -> p.id().hex()).toList());
                m.put("missing", r.problems().stream().filter(StoreMaintenance.Problem::missing).map(p -> p.id().hex()).toList());
                m.put("repaired", r.repaired());
                Json.print(out, m);
            } else {
                for (StoreMaintenance.Problem p : r.problems()) {
                    out.println((p.missing() ? "missing " : "corrupt ") + p.id().hex() + (p.missing() ? "" : ": " + p.reason()));
                }
                out.println("Checked " + r.checked() + " chunks: " + r.good() + " good, " + r.corrupt() + " corrupt"
                        + (repair ? " (" + r.repaired() + " deleted)" : "") + ", " + r.missing() + " missing");
            }
            out.flush();
            if (!r.clean()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(spec.qualifiedName() + ": " + r.corrupt() + " corrupt and " + r.missing() + " missing chunks");
                err.flush();
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    /** push and pull are one operation; the two names read naturally from either end. */
    abstract static class Copy implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--from", required = true, paramLabel = "STORE",
                description = "Store to copy from; repeatable: a chain where the first store holding a chunk intact wins.") List<String> from;
        @Option(names = "--to", required = true, paramLabel = "STORE", description = "Store to copy to.") String to;
        @Mixin S3EndpointOption s3;
        @Option(names = "--concurrency", defaultValue = "16", paramLabel = "N",
                description = "Chunks copied at once (default: ${DEFAULT-VALUE}).") int concurrency;
        @Option(names = "--json", description = "Print the result as JSON.") boolean json;
        @Option(names = "--debug", hidden = true) boolean debug;
        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Indexes (.caidx, .caibx) whose chunks are copied.") List<Path> images;

        @Override
        public Integer call() throws Exception {
            if (concurrency < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1");
            }
            Images in = Images.read(spec.commandLine(), images, ChunkDigest.SHA512_256);
            StoreCopier.CopyResult r;
            S3Settings settings = s3.settings(concurrency);
            try (ChunkStore src = StoreLocation.open(from.stream().map(StoreLocation::parse).toList(), in.digest(), settings);
                 ChunkStore dst = StoreLocation.parse(to).open(in.digest(), settings)) {
                r = StoreCopier.copy(src, dst, in.refs(), concurrency);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("chunks", r.chunks());
                m.put("copied", r.copied());
                m.put("present", r.present());
                m.put("bytes", r.bytes());
                Json.print(out, m);
            } else {
                out.println("Copied " + r.copied() + " of " + r.chunks() + " chunks (" + mb(r.bytes()) + "), "
                        + r.present() + " already at " + to);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Copy the chunks of the IMAGEs that the --to store lacks from the --from store.")
    static final class Push extends Copy {}

    @Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Copy the chunks of the IMAGEs that the --to store lacks from the --from store.")
    static final class Pull extends Copy {}
}
