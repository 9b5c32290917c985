package dev.paddock.core.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.paddock.core.image.Archives;
import dev.paddock.core.image.ImageKind;
import dev.paddock.core.image.catar.ExtractListener;
import dev.paddock.core.image.catar.OwnerMapping;
import dev.paddock.core.image.extract.ImageExtraction;
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
        StoreLocation location = store == null || store.isEmpty() ? StoreLocation.defaultFor(image, casyncStoreEnv)
                : StoreLocation.parse(store);
        ImageExtraction.extract(image, dest, new ImageExtraction.Options(List.of(location), null, List.of(), false, threads,
                Archives.extractOptions(OwnerMapping.IDENTITY, true, listener), ImageExtraction.Progress.NONE, s3));
    }
}
