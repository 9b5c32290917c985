package dev.paddock.core.image.chunker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkerTest {

    /**
     * casync's algorithm written the slow, literal way (cachunker.c): roll from the chunk's first
     * byte through a 48-byte window array, test once the window is full.
     */
    static List<Integer> referenceCuts(byte[] data, ChunkSizes s) {
        int[] table = tableFromChunker();
        long d = s.discriminator();
        List<Integer> cuts = new ArrayList<>();
        int chunkSize = 0;
        int windowSize = 0;
        int h = 0;
        byte[] window = new byte[48];
        for (int i = 0; i < data.length; i++) {
            chunkSize++;
            boolean cut;
            if (s.fixed()) {
                cut = chunkSize >= s.max();
            } else if (windowSize < 48) {
                window[windowSize++] = data[i];
                if (windowSize < 48) {
                    continue;
                }
                h = 0;
                for (int j = 0; j < 48; j++) {
                    h ^= Integer.rotateLeft(table[window[j] & 0xff], 47 - j);
                }
                cut = shallBreak(chunkSize, h, s, d);
            } else {
                int idx = (chunkSize - 1) % 48;
                h = Integer.rotateLeft(h, 1) ^ Integer.rotateLeft(table[window[idx] & 0xff], 48) ^ table[data[i] & 0xff];
                window[idx] = data[i];
                cut = shallBreak(chunkSize, h, s, d);
            }
            if (cut) {
                cuts.add(i + 1);
                chunkSize = 0;
                windowSize = 0;
                h = 0;
            }
        }
        if (cuts.isEmpty() ? data.length > 0 : cuts.get(cuts.size() - 1) != data.length) {
            cuts.add(data.length);
        }
        return cuts;
    }

    private static boolean shallBreak(int chunkSize, int h, ChunkSizes s, long d) {
        if (chunkSize >= s.max()) {
            return true;
        }
        if (chunkSize < s.min()) {
            return false;
        }
        return Long.remainderUnsigned(h & 0xffffffffL, d) == d - 1;
    }

    /** Recovers the table through the public behaviour-free path: reflection on the constant. */
    private static int[] tableFromChunker() {
        try {
            var f = Chunker.class.getDeclaredField("TABLE");
            f.setAccessible(true);
            return (int[]) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Cut points from the production chunker, fed in pieces of random size as a stream would. */
    static List<Integer> streamingCuts(byte[] data, ChunkSizes s, Random pieces) {
        Chunker c = new Chunker(s);
        List<Integer> cuts = new ArrayList<>();
        int start = 0;
        int avail = 0;
        while (avail < data.length) {
            avail = Math.min(data.length, avail + 1 + pieces.nextInt(70_000));
            int cut;
            while ((cut = c.scan(data, start, avail - start)) > 0) {
                start += cut;
                cuts.add(start);
            }
        }
        if (start < data.length) {
            cuts.add(data.length);
        }
        return cuts;
    }

    @ParameterizedTest
    @CsvSource({
        "16384:65536:262144, 1", "16384:65536:262144, 2", "1024:4096:16384, 3", "48:64:256, 4", "1:64:256, 5",
        "47:100:1000, 6", "49:50:51, 7", "4096:4096:4096, 8", "100:100:100, 9", "1:1:1, 10", "8192:8192:65536, 11",
        "2048:65536:262144, 12"})
    void cutsMatchCasyncsLiteralAlgorithm(String sizes, long seed) {
        ChunkSizes s = ChunkSizes.parse(sizes);
        Random r = new Random(seed);
        byte[] data = new byte[1_500_000 + r.nextInt(100_000)];
        r.nextBytes(data);
        // low-entropy stretches make hash ties and max-size cuts likelier
        for (int i = 0; i < 300_000; i++) {
            data[500_000 + i] = (byte) (i % 7);
        }
        List<Integer> expected = referenceCuts(data, s);
        assertThat(streamingCuts(data, s, new Random(seed * 31))).isEqualTo(expected);
        assertThat(expected.size()).isGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 47, 48, 49, 16383, 16384, 16385, 262144, 262145})
    void edgeLengths(int length) {
        ChunkSizes s = ChunkSizes.DEFAULT;
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        assertThat(streamingCuts(data, s, new Random(1))).isEqualTo(referenceCuts(data, s));
    }

    @Test
    void divisibilityTestEqualsDivision() {
        Random r = new Random(42);
        for (long d : new long[] {2, 3, 48, 49535, 12345, 65536, 1 << 20, 99_999_989, 134217728}) {
            long c = Long.divideUnsigned(-1L, d) + 1;
            for (int i = 0; i < 300_000; i++) {
                int h;
                if (i < 4) {
                    h = new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[i];
                } else if (i % 2 == 0) {
                    h = (int) ((Integer.toUnsignedLong(r.nextInt()) / d) * d - 1 + r.nextInt(3)); // near boundaries
                } else {
                    h = r.nextInt();
                }
                boolean fast = (((h & 0xffffffffL) + 1) * c) + Long.MIN_VALUE < c + Long.MIN_VALUE;
                assertThat(fast).as("h=%d d=%d", Integer.toUnsignedLong(h), d).isEqualTo(Chunker.isBoundary(h, d));
            }
        }
    }

    @Test
    void discriminatorAsCasync() {
        assertThat(ChunkSizes.DEFAULT.discriminator()).isEqualTo(49535);
        assertThat(ChunkSizes.DEFAULT).isEqualTo(new ChunkSizes(16384, 65536, 262144));
    }

    @Test
    void parsesChunkSizeArguments() {
        assertThat(ChunkSizes.parse("64K")).isEqualTo(new ChunkSizes(16384, 65536, 262144));
        assertThat(ChunkSizes.parse("1M")).isEqualTo(new ChunkSizes(262144, 1048576, 4194304));
        assertThat(ChunkSizes.parse("2")).isEqualTo(new ChunkSizes(1, 2, 8));
        assertThat(ChunkSizes.parse("64M")).isEqualTo(new ChunkSizes(16L << 20, 64L << 20, 128L << 20));
        assertThat(ChunkSizes.parse("1K:2K:3K")).isEqualTo(new ChunkSizes(1024, 2048, 3072));
        assertThat(ChunkSizes.parse("auto")).isEqualTo(ChunkSizes.DEFAULT);
        assertThatThrownBy(() -> ChunkSizes.parse("1K:2K")).hasMessageContaining("MIN:AVG:MAX");
        assertThatThrownBy(() -> ChunkSizes.parse("3K:2K:4K")).hasMessageContaining("min <= avg <= max");
        assertThatThrownBy(() -> ChunkSizes.parse("1:2:200M")).hasMessageContaining("128M");
        assertThatThrownBy(() -> ChunkSizes.parse("0")).hasMessageContaining("outside");
        assertThatThrownBy(() -> ChunkSizes.parse("abc")).hasMessageContaining("cannot parse");
        assertThatThrownBy(() -> ChunkSizes.parse("-5")).hasMessageContaining("cannot parse");
    }
}
