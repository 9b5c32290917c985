package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** A tmpfs mounted inside the tree: stored across the mount by default, left out with exclude-submounts. */
class SubmountCompatTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void submountsLikeCasync(boolean exclude) throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("casync");
        Path work = Files.createTempDirectory("catar-mnt");
        Path tree = Files.createDirectories(work.resolve("tree"));
        Path mnt = Files.createDirectories(tree.resolve("mnt"));
        Files.writeString(tree.resolve("before"), "b");
        Run.ok("mount", "-t", "tmpfs", "-o", "size=4m,mode=0750", "paddock-test", mnt.toString());
        try {
            Files.writeString(mnt.resolve("inside"), "on tmpfs");
            Files.createDirectories(mnt.resolve("dir"));
            Path theirs = work.resolve("c.catar");
            Path ours = work.resolve("p.catar");
            Run.ok("casync", "make", "--exclude-submounts=" + (exclude ? "yes" : "no"), theirs.toString(), tree.toString());
            FeatureFlags flags = FeatureFlags.forMake(new FeatureFlags.Options(List.of(), List.of(), true, exclude, true, true));
            try (FileChannel out = FileChannel.open(ours, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                new TreeEncoder(flags, IdNames.system()).encode(tree, out);
            }
            assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
            String list = Run.ok("casync", "list", ours.toString()).out();
            if (exclude) {
                assertThat(list).doesNotContain("mnt").contains("before");
            } else {
                assertThat(list).contains("mnt/inside");
            }
        } finally {
            Run.cmd("umount", mnt.toString());
            CatarFixtures.remove(work);
        }
    }
}
