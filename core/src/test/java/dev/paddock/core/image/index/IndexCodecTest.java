package dev.paddock.core.image.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paddock.core.image.chunker.ChunkSizes;
import dev.paddock.core.store.ChunkId;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

class IndexCodecTest {
    static final long FLAGS = 0xb0000001ffeffe26L;

    static byte[] write(IndexHeader h, List<Integer> sizes, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndexWriter w = new IndexWriter(out, h);
        Random r = new Random(seed);
        for (int s : sizes) {
            byte[] id = new byte[32];
            r.nextBytes(id);
            w.add(new ChunkId(id), s);
        }
        w.finish();
        return out.toByteArray();
    }

    static Index read(byte[] b) throws IOException {
        return IndexReader.read(new ByteArrayInputStream(b), "x.caidx");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void roundTrips(long seed) throws IOException {
        Random r = new Random(seed);
        IndexHeader h = IndexHeader.of(FLAGS, ChunkSizes.DEFAULT);
        List<Integer> sizes = new ArrayList<>();
        int n = r.nextInt(500);
        for (int i = 0; i < n; i++) {
            sizes.add(1 + r.nextInt(262144));
        }
        byte[] bytes = write(h, sizes, seed);
        assertThat(bytes.length).isEqualTo(64 + 40 * n + 40);
        Index idx = read(bytes);
        assertThat(idx.header()).isEqualTo(h);
        assertThat(idx.entries()).extracting(IndexEntry::size).containsExactlyElementsOf(sizes);
        long offset = 0;
        for (IndexEntry e : idx.entries()) {
            assertThat(e.offset()).isEqualTo(offset);
            offset = e.end();
        }
        assertThat(idx.totalSize()).isEqualTo(offset);
        // writing what was read gives the same bytes
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        IndexWriter w = new IndexWriter(again, idx.header());
        for (IndexEntry e : idx.entries()) {
            w.add(e.id(), e.size());
        }
        w.finish();
        assertThat(again.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void readsCasyncIndexes(@TempDir Path tmp) throws IOException {
        Prereqs.requireTool("casync");
        Path dir = Files.createDirectories(tmp.resolve("tree"));
        byte[] data = new byte[700_000];
        new Random(9).nextBytes(data);
        Files.write(dir.resolve("a"), data);
        Files.writeString(dir.resolve("b"), "hello");
        Run.ok("casync", "make", "--store=" + tmp.resolve("s"), tmp.resolve("t.caidx").toString(), dir.toString());
        Index idx = IndexReader.read(tmp.resolve("t.caidx"));
        assertThat(idx.header().featureFlags()).isEqualTo(FLAGS);
        assertThat(idx.header().chunkSizes()).isEqualTo(ChunkSizes.DEFAULT);
        assertThat(idx.totalSize()).isGreaterThan(700_000);
        for (IndexEntry e : idx.entries()) {
            assertThat(tmp.resolve("s").resolve(e.id().hex().substring(0, 4)).resolve(e.id().hex() + ".cacnk")).exists();
        }
    }

    private static byte[] valid() throws IOException {
        return write(IndexHeader.of(FLAGS, ChunkSizes.DEFAULT), List.of(20000, 70000, 262144, 5), 1);
    }

    private static byte[] patched(Consumer<ByteBuffer> patch) throws IOException {
        byte[] b = valid();
        patch.accept(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
        return b;
    }

    private static void rejects(byte[] bytes, String... fragments) {
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IndexFormatException.class)
                .hasMessageStartingWith("x.caidx: invalid index at byte ").hasMessageContainingAll(fragments);
    }

    @Test
    void rejectsBadHeaders() throws IOException {
        rejects(patched(b -> b.putLong(0, 49)), "at byte 0", "not a casync index");
        rejects(patched(b -> b.putLong(8, 0x1234)), "at byte 0", "not a casync index");
        rejects(patched(b -> b.putLong(16, 0x30)), "at byte 16", "not normalised", "time granularity");
        rejects(patched(b -> b.putLong(16, 0x3)), "at byte 16", "16-bit and 32-bit");
        rejects(patched(b -> b.putLong(16, 0x180)), "permissions and read-only");
        rejects(patched(b -> b.putLong(16, 0x20000000L)), "ACL without");
        rejects(patched(b -> b.putLong(16, 0x0100000000000000L)), "unknown feature flag bits");
        rejects(patched(b -> b.putLong(24, 0)), "at byte 24", "minimum chunk size 0");
        rejects(patched(b -> b.putLong(32, (128L << 20) + 1)), "at byte 32", "average");
        rejects(patched(b -> b.putLong(40, -1)), "at byte 40", "maximum");
        rejects(patched(b -> b.putLong(24, 100000)), "min <= avg <= max");
        rejects(patched(b -> b.putLong(48, 16)), "at byte 48", "table header");
        rejects(patched(b -> b.putLong(56, 0)), "at byte 48", "table header");
    }

    @Test
    void rejectsBadTables() throws IOException {
        // item 2 (at 104) ends before item 1
        rejects(patched(b -> b.putLong(104, 10000)), "at byte 104", "does not increase");
        rejects(patched(b -> b.putLong(104, 20000)), "at byte 104", "does not increase");
        rejects(patched(b -> b.putLong(64, 0)), "at byte 64", "does not increase");
        // chunk 3 grows beyond max
        rejects(patched(b -> b.putLong(144, 90000 + 262145)), "at byte 144", "exceeds the maximum chunk size 262144");
        rejects(patched(b -> b.putLong(64, 262145)), "at byte 64", "exceeds");
        // tail fields (tail at 64 + 4*40 = 224)
        rejects(patched(b -> b.putLong(224, 1)), "at byte 224", "non-zero fill");
        rejects(patched(b -> b.putLong(240, 64)), "at byte 240", "index offset 64 is not 48");
        rejects(patched(b -> b.putLong(248, 16 + 40 * 4)), "at byte 248", "does not match 4 items");
    }

    @Test
    void rejectsTruncationAndGarbage() throws IOException {
        byte[] ok = valid();
        for (int len : new int[] {0, 10, 63, 64, 100, 103, 104, ok.length - 1, ok.length - 40}) {
            assertThatThrownBy(() -> read(Arrays.copyOf(ok, len))).isInstanceOf(IndexFormatException.class)
                    .hasMessageContaining("at byte " + len).hasMessageContaining("truncated");
        }
        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        rejects(longer, "at byte " + ok.length, "trailing garbage");
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void randomCorruptionNeverHangsOrEscapesAsAnotherException(long seed) throws IOException {
        byte[] ok = valid();
        Random r = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] b = ok.clone();
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            byte[] cut = r.nextInt(4) == 0 ? Arrays.copyOf(b, r.nextInt(b.length)) : b;
            try {
                read(cut);
            } catch (IndexFormatException expected) {
                assertThat(expected.getMessage()).startsWith("x.caidx: invalid index at byte ");
            }
        }
    }
}
