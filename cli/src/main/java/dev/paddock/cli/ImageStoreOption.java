package dev.paddock.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.core.store.StoreCopier;
import dev.paddock.core.store.StoreLocation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --store}, defaulting as casync does to $CASYNC_STORE or default.castr beside the image: a
 * picocli mixin for the annotated commands, and {@link #addTo}/{@link #from} for the ones declared
 * programmatically. Both take the option's text from the constants here.
 */
final class ImageStoreOption {
    static final String NAME = "--store";
    static final String LABEL = "STORE";
    static final String DESCRIPTION_1 = "Chunk store: a directory, http(s)://host/path or ssh://[user@]host[:port]/path (also sftp://);"
            + " default: $CASYNC_STORE or default.castr beside the image.";
    static final String DESCRIPTION_2 = "Repeatable: a chain where the first store holding a chunk intact wins; writes go to the first.";

    @Option(names = NAME, paramLabel = LABEL, description = {DESCRIPTION_1, DESCRIPTION_2})
    List<String> stores = new ArrayList<>();

    @Mixin
    S3EndpointOption s3 = new S3EndpointOption();

    /** Declares {@code --store} and {@code --s3-endpoint} on a programmatic command. */
    static void addTo(CommandSpec spec) {
        Specs.listOption(spec, NAME, LABEL, String.class, DESCRIPTION_1, DESCRIPTION_2);
        S3EndpointOption.addTo(spec);
    }

    /** The options' values as {@code spec} parsed them. */
    static ImageStoreOption from(CommandSpec spec) {
        ImageStoreOption o = new ImageStoreOption();
        List<String> given = Specs.value(spec, NAME); // starts as an empty list (Specs.listOption)
        o.stores = new ArrayList<>(given);
        o.s3 = S3EndpointOption.from(spec);
        return o;
    }

    boolean given() {
        return !stores.isEmpty();
    }

    /** The first store, the one writes go to. */
    StoreLocation location(Path image) {
        return given() ? StoreLocation.parse(stores.get(0)) : StoreLocation.defaultFor(image, System.getenv("CASYNC_STORE"));
    }

    List<StoreLocation> locations(Path image) {
        return given() ? stores.stream().map(StoreLocation::parse).toList() : List.of(location(image));
    }

    boolean remote(Path image) {
        return locations(image).stream().anyMatch(StoreLocation::remote);
    }

    ChunkStore open(Path image, ChunkDigest digest) throws IOException {
        return open(image, digest, StoreCopier.DEFAULT_CONCURRENCY);
    }

    /** Opens the store(s), sizing remote connection pools for {@code connections} transfers at once. */
    ChunkStore open(Path image, ChunkDigest digest, int connections) throws IOException {
        return StoreLocation.open(locations(image), digest, s3.settings(connections));
    }

    /** The local store if one exists, for commands where the store is optional (info, diff). */
    LocalChunkStore openIfPresent(Path image, ChunkDigest digest) {
        StoreLocation loc = location(image);
        if (loc.kind() != StoreLocation.Kind.LOCAL) {
            // remote stores now open; this command only sizes chunks in a directory
            throw new IllegalArgumentException("store " + loc.text() + ": only a local store can be given here");
        }
        if (!given() && !Files.isDirectory(Path.of(loc.text()))) {
            return null;
        }
        return (LocalChunkStore) loc.open(digest);
    }
}
