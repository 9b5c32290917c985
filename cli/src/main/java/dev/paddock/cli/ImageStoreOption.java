package dev.paddock.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.core.store.StoreLocation;
import picocli.CommandLine.Option;

/** {@code --store}, defaulting as casync does to $CASYNC_STORE or default.castr beside the image. */
final class ImageStoreOption {
    @Option(names = "--store", paramLabel = "STORE", description = "Chunk store (directory; default: $CASYNC_STORE or default.castr beside the image).")
    String store;

    StoreLocation location(Path image) {
        return store != null ? StoreLocation.parse(store) : StoreLocation.defaultFor(image, System.getenv("CASYNC_STORE"));
    }

    ChunkStore open(Path image, ChunkDigest digest) {
        return location(image).open(digest);
    }

    /** The local store if one exists, for commands where the store is optional (info, diff). */
    LocalChunkStore openIfPresent(Path image, ChunkDigest digest) {
        StoreLocation loc = location(image);
        if (loc.kind() != StoreLocation.Kind.LOCAL) {
            loc.open(digest); // refuses remote stores with a clear message
        }
        if (store == null && !Files.isDirectory(Path.of(loc.text()))) {
            return null;
        }
        return (LocalChunkStore) loc.open(digest);
    }
}
