package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** A real system directory (a copy of /usr/share/doc and friends, >= 100 MB) encodes to casync's exact bytes. */
class SystemTreeCompatTest {
    @Test
    @Timeout(180)
    void copyOfUsrShareEncodesLikeCasync() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("casync");
        Path work = Files.createTempDirectory("catar-sys");
        try {
            Path tree = Files.createDirectories(work.resolve("share"));
            for (String d : new String[] {"/usr/share/doc", "/usr/share/perl", "/usr/share/zoneinfo", "/usr/share/i18n"}) {
                if (Files.isDirectory(Path.of(d))) {
                    Run.ok("cp", "-a", d, tree.toString());
                }
            }
            long bytes = Long.parseLong(Run.ok("du", "-sb", tree.toString()).out().split("\\s")[0]);
            assertThat(bytes).as("tree size").isGreaterThanOrEqualTo(100L * 1000 * 1000);
            Path theirs = work.resolve("casync.catar");
            Path ours = work.resolve("paddock.catar");
            Run.ok("casync", "make", theirs.toString(), tree.toString());
            try (FileChannel out = FileChannel.open(ours, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system()).encode(tree, out);
            }
            assertThat(Files.size(ours)).isEqualTo(Files.size(theirs));
            assertThat(Run.cmd("cmp", theirs.toString(), ours.toString()).exit()).as("cmp").isZero();
        } finally {
            CatarFixtures.remove(work);
        }
    }
}
