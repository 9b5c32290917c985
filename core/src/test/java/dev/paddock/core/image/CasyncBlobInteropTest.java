package dev.paddock.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.image.extract.BlobExtractor;
import dev.paddock.core.image.extract.ChunkInputStream;
import dev.paddock.core.image.index.IndexReader;
import dev.paddock.core.image.make.ImageMaker;
import dev.paddock.core.image.make.MakeOptions;
import dev.paddock.core.image.make.MakeProgress;
import dev.paddock.core.image.make.MakeResult;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** casync is the oracle: same index bytes, same chunk files, and each tool extracts the other's images. */
class CasyncBlobInteropTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needCasync() {
        Prereqs.requireTool("casync");
    }

    static final Path REAL_FILE = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");

    private Path input(String kind, int length) throws IOException {
        Path f = tmp.resolve("input.bin");
        if (kind.equals("real")) {
            Files.copy(REAL_FILE, f);
        } else {
            byte[] data = new byte[length];
            Random r = new Random(length * 7L + 3);
            r.nextBytes(data);
            // repeat a block so the file dedups against itself
            if (length > 400_000) {
                System.arraycopy(data, 0, data, length - 200_000, 200_000);
            }
            Files.write(f, data);
        }
        return f;
    }

    static MakeResult paddockMake(Path image, Path file, Path store, ChunkSizes sizes, Compression c, ChunkDigest d) throws IOException {
        MakeOptions o = new MakeOptions(sizes, c, d, MakeOptions.blobFlags(d), 2);
        return ImageMaker.makeIndex(image, ImageMaker.blob(file), new LocalChunkStore(store, d), o, MakeProgress.NONE);
    }

    static Map<String, String> storeTree(Path store) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(store)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(store)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(store.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return files;
    }

    @ParameterizedTest(name = "{0} bytes={1} chunk-size={2}")
    @CsvSource({
        "random, 0, 64K", "random, 100, 64K", "random, 16384, 64K", "random, 16385, 64K", "random, 3000000, 64K",
        "random, 2000000, 16K", "random, 700000, 1K:4K:16K", "random, 50000, 1:64:256", "random, 300000, 4096:4096:4096",
        "random, 1000000, 2K:100K:1M", "real, 0, 64K", "real, 0, 32K:128K:512K"})
    void sameIndexAndChunksAsCasync(String kind, int length, String chunkSize) throws IOException {
        Path file = input(kind, length);
        Run.ok("casync", "make", "--store=" + tmp.resolve("c.castr"), "--chunk-size=" + chunkSize, tmp.resolve("c.caibx").toString(), file.toString());
        paddockMake(tmp.resolve("p.caibx"), file, tmp.resolve("p.castr"), ChunkSizes.parse(chunkSize), Compression.ZSTD, ChunkDigest.SHA512_256);
        assertThat(Files.readAllBytes(tmp.resolve("p.caibx"))).isEqualTo(Files.readAllBytes(tmp.resolve("c.caibx")));
        assertThat(storeTree(tmp.resolve("p.castr"))).isEqualTo(storeTree(tmp.resolve("c.castr")));
    }

    @Test
    void sha256IndexesMatchToo() throws IOException {
        Path file = input("random", 900_000);
        Run.ok("casync", "make", "--digest=sha256", "--store=" + tmp.resolve("c.castr"), tmp.resolve("c.caibx").toString(), file.toString());
        paddockMake(tmp.resolve("p.caibx"), file, tmp.resolve("p.castr"), ChunkSizes.DEFAULT, Compression.ZSTD, ChunkDigest.SHA256);
        assertThat(Files.readAllBytes(tmp.resolve("p.caibx"))).isEqualTo(Files.readAllBytes(tmp.resolve("c.caibx")));
        assertThat(storeTree(tmp.resolve("p.castr"))).isEqualTo(storeTree(tmp.resolve("c.castr")));
    }

    @ParameterizedTest
    @CsvSource({"zstd", "xz", "gzip"})
    void extractsWhatCasyncMade(String compression) throws IOException {
        Path file = input("real", 0);
        Path idx = tmp.resolve("c.caibx");
        Run.ok("casync", "make", "--compression=" + compression, "--store=" + tmp.resolve("c.castr"), idx.toString(), file.toString());
        Path out = tmp.resolve("out.bin");
        var index = IndexReader.read(idx);
        BlobExtractor.extract(index, new LocalChunkStore(tmp.resolve("c.castr"), ChunkDigest.SHA512_256), out, 2, ChunkInputStream.Progress.NONE);
        assertThat(Files.mismatch(out, file)).isEqualTo(-1L);
    }

    @ParameterizedTest
    @CsvSource({"zstd", "xz", "gzip", "none"})
    void casyncExtractsWhatPaddockMade(String compression) throws IOException {
        Path file = input("random", 1_200_000);
        Path idx = tmp.resolve("p.caibx");
        paddockMake(idx, file, tmp.resolve("p.castr"), ChunkSizes.parse("16K"), Compression.parse(compression), ChunkDigest.SHA512_256);
        Path out = tmp.resolve("out.bin");
        Run.ok("casync", "extract", "--store=" + tmp.resolve("p.castr"), idx.toString(), out.toString());
        assertThat(Files.mismatch(out, file)).isEqualTo(-1L);
        List<String> names = List.copyOf(storeTree(tmp.resolve("p.castr")).keySet());
        assertThat(names).allMatch(n -> compression.equals("none") ? !n.endsWith(".cacnk") : n.endsWith(".cacnk"));
    }
}
