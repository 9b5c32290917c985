package dev.paddock.core.container;

import java.io.IOException;
import java.nio.file.Path;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.catar.ExtractListener;
import dev.paddock.core.image.catar.OwnerMapping;
import dev.paddock.core.image.extract.ChunkInputStream;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.S3Settings;
import dev.paddock.core.store.StoreLocation;

/**
 * Extracts a container image (.caidx) with its owners as recorded: the shared copy keeps the image's
 * own ids, and each container's view shifts them.
 */
public final class IndexExtractor implements SharedImages.Extractor {
    private final String casyncStoreEnv;
    private final int threads;
    private final S3Settings s3;
    private final ExtractListener listener;

    public IndexExtractor(String casyncStoreEnv, int threads, ExtractListener listener) {
        this(casyncStoreEnv, threads, S3Settings.defaults(), listener);
    }

    public IndexExtractor(String casyncStoreEnv, int threads, S3Settings s3, ExtractListener listener) {
        this.casyncStoreEnv = casyncStoreEnv;
        this.threads = threads;
        this.s3 = s3;
        this.listener = listener;
    }

    @Override
    public void extract(Path image, String store, Path dest) throws IOException {
        if (ImageKind.of(image) != ImageKind.ARCHIVE_INDEX) {
            throw new IOException(image + ": a container image must be a .caidx directory-tree index");
        }
        Index index = IndexReader.read(image);
        StoreLocation location = store == null || store.isEmpty() ? StoreLocation.defaultFor(image, casyncStoreEnv)
                : StoreLocation.parse(store);
        try (ChunkStore s = location.open(index.header().digest(), s3);
             ChunkInputStream in = new ChunkInputStream(index.entries(), s, threads, ChunkInputStream.Progress.NONE)) {
            Archives.extract(in, dest, Archives.extractOptions(OwnerMapping.IDENTITY, true, listener));
        }
    }
}
