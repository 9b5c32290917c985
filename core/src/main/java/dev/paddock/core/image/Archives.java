package dev.paddock.core.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

import dev.paddock.core.image.catar.CatarDecoder;
import dev.paddock.core.image.catar.CatarDigest;
import dev.paddock.core.image.catar.CatarRender;
import dev.paddock.core.image.catar.EncodingSource;
import dev.paddock.core.image.catar.ExtractListener;
import dev.paddock.core.image.catar.FeatureFlags;
import dev.paddock.core.image.catar.IdNames;
import dev.paddock.core.image.catar.OwnerMapping;
import dev.paddock.core.image.catar.TreeEncoder;
import dev.paddock.core.image.catar.TreeExtractor;
import dev.paddock.core.image.extract.ChunkInputStream;
import dev.paddock.core.image.index.Index;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.image.make.ImageMaker;
import dev.paddock.core.image.make.SinkChannel;
import dev.paddock.core.shift.IdShift;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkStore;

/**
 * Where images meet the catar codec: a directory as a stream source for make, an archive stream
 * (from a .catar, an index's chunks or a directory's encoding) for extract, list, mtree and digest.
 */
public final class Archives {
    /** Opens the store an index's chunks live in; supplied by the caller so --store handling stays in one place. */
    @FunctionalInterface
    public interface StoreOpener {
        ChunkStore open(ChunkDigest digest) throws IOException;
    }

    private Archives() {}

    /** The flags {@code casync make} uses for a tree with these --with/--without names and digest. */
    public static FeatureFlags makeFlags(List<String> with, List<String> without, ChunkDigest digest) {
        FeatureFlags.Options d = FeatureFlags.Options.defaults();
        return FeatureFlags.forMake(new FeatureFlags.Options(with, without, d.excludeNodump(), d.excludeSubmounts(),
                d.excludeFile(), digest == ChunkDigest.SHA512_256));
    }

    /**
     * A directory's catar encoding as a make source; a stream that is also a channel (the make hand-off,
     * which may take payloads by reference) gets the encoder's output directly.
     */
    public static ImageMaker.StreamSource tree(Path dir, FeatureFlags flags) {
        return out -> new TreeEncoder(flags, IdNames.system())
                .encode(dir, out instanceof WritableByteChannel ch ? ch : new SinkChannel(out));
    }

    /**
     * The owner mapping for {@code --uid-shift S --uid-range R}: the shift-own rule with source window
     * [0, R) and target [S, S+R); ids already in the target stay, anything foreign is refused.
     */
    public static OwnerMapping uidShift(long shift, long range) {
        IdShift rule = new IdShift(0, shift, range);
        return new OwnerMapping() {
            @Override
            public long uid(long u) {
                return rule.decide(u) == IdShift.Outcome.FOREIGN ? -1 : rule.apply(u);
            }

            @Override
            public long gid(long g) {
                return rule.decide(g) == IdShift.Outcome.FOREIGN ? -1 : rule.apply(g);
            }
        };
    }

    public static TreeExtractor.Options extractOptions(OwnerMapping mapping, boolean ownership, ExtractListener listener) {
        return new TreeExtractor.Options(mapping, ownership, IdNames.system(), listener);
    }

    /** Extracts an archive stream into {@code dest} (which must not exist, or be an empty directory). */
    public static void extract(InputStream archive, Path dest, TreeExtractor.Options options) throws IOException {
        try (CatarDecoder d = new CatarDecoder(archive)) {
            new TreeExtractor(options).extract(d, dest);
        }
    }

    /** What list/mtree/digest read: an archive stream from a .catar, a .caidx's chunks or a directory. */
    public static ReadableByteChannel openArchiveStream(Path image, StoreOpener stores, int threads) throws IOException {
        if (Files.isDirectory(image)) {
            return EncodingSource.open(image, makeFlags(List.of(), List.of(), ChunkDigest.SHA512_256), IdNames.system());
        }
        ImageKind kind = ImageKind.of(image);
        if (kind == ImageKind.ARCHIVE) {
            return Files.newByteChannel(image);
        }
        if (kind == ImageKind.BLOB_INDEX) {
            throw new IllegalArgumentException(image + ": a blob index holds no directory tree");
        }
        Index index = IndexReader.read(image);
        return Channels.newChannel(new ChunkInputStream(index.entries(), stores.open(index.header().digest()), threads,
                ChunkInputStream.Progress.NONE));
    }

    public static void list(Path image, StoreOpener stores, OutputStream out) throws IOException {
        try (ReadableByteChannel ch = openArchiveStream(image, stores, threads()); CatarDecoder d = new CatarDecoder(ch)) {
            CatarRender.list(d, out);
        }
    }

    public static void mtree(Path image, StoreOpener stores, OutputStream out) throws IOException {
        try (ReadableByteChannel ch = openArchiveStream(image, stores, threads()); CatarDecoder d = new CatarDecoder(ch)) {
            CatarRender.mtree(d, out);
        }
    }

    /** {@code casync digest}: of the archive stream, of a directory's encoding, or of a blob's bytes. */
    public static String digest(Path image, StoreOpener stores) throws IOException {
        if (Files.isDirectory(image)) {
            return CatarRender.digestLine(CatarDigest.ofDirectory(image, makeFlags(List.of(), List.of(), ChunkDigest.SHA512_256), IdNames.system()));
        }
        if (ImageKind.of(image) == ImageKind.BLOB_INDEX) {
            Index index = IndexReader.read(image);
            ChunkDigest dig = index.header().digest();
            MessageDigest md = dig.newEngine();
            try (ChunkInputStream in = new ChunkInputStream(index.entries(), stores.open(dig), threads(), ChunkInputStream.Progress.NONE)) {
                byte[] chunk;
                while ((chunk = in.nextChunk()) != null) {
                    md.update(chunk);
                }
            }
            return CatarRender.digestLine(md.digest());
        }
        try (ReadableByteChannel ch = openArchiveStream(image, stores, threads())) {
            return CatarRender.digestLine(CatarDigest.ofArchive(ch));
        }
    }

    /** A .catar file as a buffered stream. */
    public static InputStream openCatar(Path image) throws IOException {
        return new BufferedInputStream(Files.newInputStream(image), 1 << 20);
    }

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
