package dev.paddock.core.image.chunker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stream cuts where casync's literal algorithm does however the bytes are split into writes: a
 * chunk may lie inside one write (cut in the caller's array) or span several (cut in the stream's own
 * buffer), and every chunk handed over must hold exactly its bytes at its offset.
 */
class CuttingStreamTest {
    private record Cut(long offset, byte[] bytes) {}

    private static List<Cut> cut(byte[] data, ChunkSizes sizes, Random writes, int maxWrite) throws IOException {
        List<Cut> out = new ArrayList<>();
        try (CuttingStream s = new CuttingStream(new Chunker(sizes)) {
            @Override
            protected void chunk(byte[] buf, int off, int len, long offset) {
                out.add(new Cut(offset, Arrays.copyOfRange(buf, off, off + len)));
            }
        }) {
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, 1 + writes.nextInt(maxWrite));
                // a fresh array per write, as the hand-off recycles its blocks: a chunk must not keep it
                byte[] piece = new byte[n + 16];
                System.arraycopy(data, at, piece, 8, n);
                s.write(piece, 8, n);
                Arrays.fill(piece, (byte) 0x5a);
                at += n;
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "16384:65536:262144, 1, 1048576", "16384:65536:262144, 2, 70000", "16384:65536:262144, 3, 2000000",
        "16384:65536:262144, 4, 100", "1024:4096:16384, 5, 5000", "48:64:256, 6, 300", "4096:4096:4096, 7, 10000",
        "1:64:256, 8, 1", "2048:65536:262144, 9, 131072"})
    void cutsAsCasyncWhateverTheWrites(String sizeSpec, long seed, int maxWrite) throws IOException {
        ChunkSizes sizes = ChunkSizes.parse(sizeSpec);
        Random r = new Random(seed);
        byte[] data = new byte[(maxWrite == 1 ? 200_000 : 3_000_000) + r.nextInt(100_000)];
        r.nextBytes(data);
        for (int i = 0; i < data.length / 5; i++) {
            data[data.length / 3 + i] = (byte) (i % 7); // long low-entropy stretch: max-size cuts
        }
        List<Integer> expected = ChunkerTest.referenceCuts(data, sizes);

        List<Cut> cuts = cut(data, sizes, new Random(seed * 17), maxWrite);

        List<Integer> ends = new ArrayList<>();
        long at = 0;
        for (Cut c : cuts) {
            assertThat(c.offset()).isEqualTo(at);
            assertThat(c.bytes()).isEqualTo(Arrays.copyOfRange(data, (int) at, (int) at + c.bytes().length));
            at += c.bytes().length;
            ends.add((int) at);
        }
        assertThat(ends).isEqualTo(expected);
    }
}
