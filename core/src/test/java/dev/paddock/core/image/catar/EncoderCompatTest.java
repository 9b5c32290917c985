package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** paddock's encoder against {@code casync make} on the same tree: the archives must be byte-identical. */
class EncoderCompatTest {
    static Path work;
    static Path full;
    static Path small;

    @BeforeAll
    static void tree() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("casync");
        work = Files.createTempDirectory("catar-enc");
        full = CatarFixtures.build(work.resolve("full"), CatarFixtures.Options.all(), 42);
        small = CatarFixtures.build(work.resolve("small"), new CatarFixtures.Options(false, true, true, false, true), 7);
    }

    @AfterAll
    static void cleanup() {
        if (work != null) {
            CatarFixtures.remove(work);
        }
    }

    static FeatureFlags flagsFor(String with, String without, boolean nodump) {
        List<String> w = with.isEmpty() ? List.of() : List.of(with.split(" "));
        List<String> wo = without.isEmpty() ? List.of() : List.of(without.split(" "));
        return FeatureFlags.forMake(new FeatureFlags.Options(w, wo, nodump, false, false, true));
    }

    static List<String> casyncArgs(String with, String without, boolean nodump) {
        List<String> a = new ArrayList<>();
        for (String s : with.split(" ")) {
            if (!s.isEmpty()) {
                a.add("--with=" + s);
            }
        }
        for (String s : without.split(" ")) {
            if (!s.isEmpty()) {
                a.add("--without=" + s);
            }
        }
        a.add("--exclude-nodump=" + (nodump ? "yes" : "no"));
        a.add("--exclude-file=no");
        return a;
    }

    @ParameterizedTest
    @CsvSource({
        "full, '', '', true",
        "full, '', '', false",
        "small, unix, '', true",
        "full, '', all, true",
        "full, best, 'selinux acl', true",
        "full, 'fuse', '', false",
        "full, 'fat', '', true",
        "full, '32bit-uids nsec-time symlinks xattrs', '', true",
        "full, 'user-names usec-time permissions fifos', '', true",
        "full, 'read-only sec-time sockets device-nodes chattr fcaps', '', false",
    })
    void sameBytesAsCasync(String tree, String with, String without, boolean nodump) throws IOException {
        Path dir = tree.equals("full") ? full : small;
        Path theirs = work.resolve("casync.catar");
        Path ours = work.resolve("paddock.catar");
        Files.deleteIfExists(theirs);
        List<String> cmd = new ArrayList<>(List.of("casync", "make"));
        cmd.addAll(casyncArgs(with, without, nodump));
        cmd.add(theirs.toString());
        cmd.add(dir.toString());
        Run.cmd(cmd).ok();
        FeatureFlags flags = flagsFor(with, without, nodump);
        try (FileChannel out = FileChannel.open(ours, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            new TreeEncoder(flags, IdNames.system()).encode(dir, out);
        }
        byte[] a = Files.readAllBytes(theirs);
        byte[] b = Files.readAllBytes(ours);
        assertThat(a.length).as("casync archive size").isGreaterThan(1_000_000);
        int diff = firstDiff(a, b);
        assertThat(diff).as("first differing byte (casync %d bytes, paddock %d bytes)", a.length, b.length).isEqualTo(-1);
    }

    static int firstDiff(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : n;
    }
}
