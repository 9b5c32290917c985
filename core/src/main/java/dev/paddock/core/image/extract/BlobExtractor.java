package dev.paddock.core.image.extract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import dev.paddock.core.image.index.Index;
import dev.paddock.core.store.ChunkStore;

/**
 * Extracts a .caibx into a regular file (via a temporary file renamed into place, so a failed
 * extract never leaves a complete-looking DEST) or onto an existing block device (written in place).
 */
public final class BlobExtractor {
    private BlobExtractor() {}

    public static ExtractResult extract(Index index, ChunkStore store, Path dest, int threads, ChunkInputStream.Progress progress)
            throws IOException {
        boolean device = Files.exists(dest) && !Files.isRegularFile(dest) && !Files.isDirectory(dest);
        if (Files.isDirectory(dest)) {
            throw new IOException(dest + ": is a directory (a blob extracts to a file or block device)");
        }
        Path target = device ? dest : dest.toAbsolutePath().resolveSibling(
                "." + dest.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        long written = 0;
        long chunks = 0;
        try (ChunkInputStream in = new ChunkInputStream(index.entries(), store, threads, progress);
             FileChannel out = device
                     ? FileChannel.open(target, StandardOpenOption.WRITE)
                     : FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] chunk;
            while ((chunk = in.nextChunk()) != null) {
                ByteBuffer b = ByteBuffer.wrap(chunk);
                while (b.hasRemaining()) {
                    written += out.write(b);
                }
                chunks++;
            }
            if (device) {
                out.force(false);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (!device) {
                Files.deleteIfExists(target);
            }
            throw e;
        }
        if (!device) {
            Files.move(target, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return new ExtractResult(chunks, written);
    }
}
