package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;

/**
 * Mutated archives through the whole extractor: either a complete DEST or an IOException with one line and
 * nothing left behind — never another exception, a hang, or a half-written DEST.
 */
class ExtractFuzzTest {
    static Path work;
    static byte[] valid;

    static LongStream seeds() {
        return LongStream.range(1000, 1150);
    }

    @BeforeAll
    static void setUp() throws IOException {
        Prereqs.requireRoot();
        work = Files.createTempDirectory("catar-xfuzz");
        valid = SyntheticArchives.valid();
    }

    @AfterAll
    static void tearDown() {
        if (work != null) {
            CatarFixtures.remove(work);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutatedArchivesExtractCompletelyOrNotAtAll(long seed) throws IOException {
        byte[] m = DecoderFuzzTest.mutate(valid, new Random(seed));
        Path parent = Files.createDirectories(work.resolve("s" + seed));
        Path dest = parent.resolve("dest");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (CatarDecoder d = new CatarDecoder(new ByteArrayInputStream(m))) {
                new TreeExtractor(TreeExtractor.Options.defaults()).extract(d, dest);
                assertThat(dest).isDirectory();
            } catch (IOException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                assertThat(dest).doesNotExist();
            }
        });
        try (Stream<Path> s = Files.list(parent)) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.equals("dest"));
        }
    }
}
