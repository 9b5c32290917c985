package dev.paddock.core.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.paddock.core.image.catar.TreeExtractor;

/**
 * One extracted copy of each image per host, under {@code ROOT/images/<sha256 of the index>}, shared
 * read-only by every container made from it (it is only ever an overlay's lower layer). Extraction
 * goes to a temporary sibling that is renamed into place, under a per-image lock, so concurrent
 * creates of the same image extract it once and an interrupted one leaves nothing that looks complete.
 */
public final class SharedImages {
    /** Extracts {@code index} into {@code dest}, which does not exist yet. */
    @FunctionalInterface
    public interface Extractor {
        void extract(Path index, String store, Path dest) throws IOException;
    }

    private final HostRegistry registry;
    private final Extractor extractor;

    public SharedImages(HostRegistry registry, Extractor extractor) {
        this.registry = registry;
        this.extractor = extractor;
    }

    public static String digest(Path index) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(index)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public Path pathOf(String digest) {
        return registry.imagesDir().resolve(digest);
    }

    /**
     * Removes what an extraction into {@code tmp} killed with SIGKILL left: the directory itself, and
     * the extractor's own hidden sibling of it. The caller holds the digest's lock, so no extraction
     * of this image runs.
     */
    private static void removeLeftovers(Path tmp) throws IOException {
        Trees.deleteIfExists(tmp);
        String prefix = TreeExtractor.temporaryPrefix(tmp.getFileName().toString());
        try (var siblings = Files.newDirectoryStream(tmp.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : siblings) {
                Trees.deleteIfExists(p);
            }
        }
    }

    /** The shared copy of {@code index}, extracting it first if this host has none. */
    public Path ensure(Path index, String store) throws IOException {
        if (!Files.isRegularFile(index)) {
            throw new java.nio.file.NoSuchFileException(index.toString(), null, "no such image");
        }
        String digest = digest(index);
        Path dir = pathOf(digest);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(registry.imagesDir());
        try (FileChannel lockFile = FileChannel.open(registry.imagesDir().resolve("." + digest + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lockFile.lock(); // released when the channel closes
            if (Files.isDirectory(dir)) {
                return dir; // another process extracted it while we waited
            }
            Path tmp = registry.imagesDir().resolve("." + digest + ".partial");
            removeLeftovers(tmp);
            try {
                extractor.extract(index, store, tmp);
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                Trees.deleteIfExists(tmp);
                throw e;
            }
            return dir;
        }
    }
}
