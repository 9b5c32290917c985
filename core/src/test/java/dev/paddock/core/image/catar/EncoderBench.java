package dev.paddock.core.image.catar;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;

/** Manual throughput measurement: mvn ... -Dtest=EncoderBench -DargLine="-Dpaddock.bench=/usr/share". */
class EncoderBench {
    @Test
    void encodeThroughput() throws IOException {
        String src = System.getProperty("paddock.bench");
        assumeTrue(src != null, "set -Dpaddock.bench=DIR to run");
        Path out = Path.of(System.getProperty("paddock.bench.out", "/tmp/bench-paddock.catar"));
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long n;
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                n = new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system()).encode(Path.of(src), ch);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.err.printf("round %d: %d bytes in %.2f s = %.1f MB/s%n", round, n, s, n / s / 1e6);
        }
    }
}
