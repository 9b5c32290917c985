package dev.paddock.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import dev.paddock.core.image.make.ImageMaker;
import dev.paddock.core.store.ChunkDigest;

/**
 * The seam to the catar codec (dev.paddock.core.image.catar), which lands on main separately. Until
 * then directory archives are refused with a clear message; blobs (.caibx) work without it.
 */
final class ArchiveSupport {
    record Encoding(ImageMaker.StreamSource source, long featureFlags) {}

    private ArchiveSupport() {}

    static Encoding encoder(Path dir, List<String> with, List<String> without, ChunkDigest digest) {
        throw unavailable();
    }

    static void extract(InputStream archive, Path dest, List<String> without, String uidShift, String uidRange) {
        throw unavailable();
    }

    static UnsupportedOperationException unavailable() {
        return new UnsupportedOperationException("directory archives (.caidx/.catar) are not supported by this build yet");
    }
}
