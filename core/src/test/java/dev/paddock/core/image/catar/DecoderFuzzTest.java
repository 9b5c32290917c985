package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mutated archives must decode cleanly or fail with CatarFormatException — never anything else, never hang. */
class DecoderFuzzTest {
    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    static void decodeAll(byte[] archive) throws IOException {
        try (CatarDecoder d = new CatarDecoder(new ByteArrayInputStream(archive))) {
            CatarRender.mtree(d, new ByteArrayOutputStream());
        }
    }

    @Test
    void theValidArchiveDecodes() throws IOException {
        byte[] a = SyntheticArchives.valid();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CatarDecoder d = new CatarDecoder(new ByteArrayInputStream(a))) {
            CatarRender.list(d, out);
        }
        assertThat(out.toString()).isEqualTo("""
                drwxr-xr-x .
                -rw-r----- a.txt
                prw------- fifo
                lrwxrwxrwx link
                drwxr-xr-x sub
                -rw-r--r-- sub/f0
                -rw-r--r-- sub/f1
                -rw-r--r-- sub/f2
                -rw-r--r-- sub/f3
                -rw-r--r-- sub/f4
                -rw-r--r-- sub/f5
                -rw-r--r-- sub/f6
                -rw-r--r-- z-empty
                """);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutationsFailCleanly(long seed) throws IOException {
        byte[] valid = SyntheticArchives.valid();
        Random rnd = new Random(seed);
        byte[] m = mutate(valid, rnd);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                decodeAll(m);
            } catch (CatarFormatException e) {
                assertThat(e.getMessage()).startsWith("invalid catar at byte ").doesNotContain("\n");
            }
        });
    }

    @Test
    void almostEveryMutationIsDetected() throws IOException {
        byte[] valid = SyntheticArchives.valid();
        int rejected = 0, total = 400;
        for (long seed = 0; seed < total; seed++) {
            byte[] m = mutate(valid, new Random(seed));
            try {
                decodeAll(m);
            } catch (CatarFormatException e) {
                rejected++;
            }
        }
        // the only undetectable changes are inside payload bytes, mtimes and permission bits
        assertThat(rejected).isGreaterThan(total * 6 / 10);
    }

    static byte[] mutate(byte[] a, Random rnd) {
        byte[] m = a.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> {
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> m = Arrays.copyOf(m, rnd.nextInt(m.length));
            case 2 -> {
                // overwrite a random 8-byte aligned word with an extreme value: sizes, offsets, flags
                long[] extremes = {0, 1, 15, 16, 17, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 0xffffffffL};
                int pos = rnd.nextInt(m.length / 8) * 8;
                ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putLong(pos, extremes[rnd.nextInt(extremes.length)]);
            }
            case 3 -> {
                int from = rnd.nextInt(m.length), len = rnd.nextInt(Math.min(64, m.length - from) + 1);
                byte[] out = new byte[m.length - len];
                System.arraycopy(m, 0, out, 0, from);
                System.arraycopy(m, from + len, out, from, m.length - from - len);
                m = out;
            }
            case 4 -> {
                int at = rnd.nextInt(m.length);
                byte[] ins = new byte[1 + rnd.nextInt(40)];
                rnd.nextBytes(ins);
                byte[] out = new byte[m.length + ins.length];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, ins.length);
                System.arraycopy(m, at, out, at + ins.length, m.length - at);
                m = out;
            }
            default -> m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
        }
        return m;
    }
}
