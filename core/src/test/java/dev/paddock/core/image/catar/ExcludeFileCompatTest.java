package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** .caexclude rules (anchored, unanchored, negated, directory-only, globs, nested files) exclude what casync excludes. */
class ExcludeFileCompatTest {
    @Test
    void excludeFilesLikeCasync() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("casync");
        Path work = Files.createTempDirectory("catar-excl");
        try {
            Path t = Files.createDirectories(work.resolve("tree"));
            for (String f : new String[] {"a.o", "keep.o", "main.c", "build/out.bin", "src/build/x", "src/y.o", "docs/a.tmp",
                "docs/b.txt", "docs/sub/c.tmp", "cache/f", "src/cache", ".hidden1", ".hidden-dir/z", "ax1", "bxy", "dx1",
                "deep/inner/secret", "deep/inner/public", "deep/secret", "#literal", "x#literal", "nested/.caexclude-target",
                "nested/drop.log", "nested/keep.log", "nested/more/drop.log", "nested/more/other.log", ".dotfile.o", "space name.o"}) {
                Path p = t.resolve(f);
                Files.createDirectories(p.getParent());
                Files.writeString(p, f);
            }
            Files.writeString(t.resolve(".caexclude"), String.join("\n",
                    "# comment", "", "*.o", "!keep.o", "/build/", "docs/*.tmp", "cache/", ".hidden*", "[a-c]x?",
                    "deep/inner/secret", "\\#literal", "   trailing-space-stripped   "));
            Files.writeString(t.resolve("nested/.caexclude"), "drop.log\n!nothing\n");
            Files.writeString(t.resolve("trailing-space-stripped"), "gone");
            Path theirs = work.resolve("c.catar");
            Path ours = work.resolve("p.catar");
            Run.ok("casync", "make", theirs.toString(), t.toString());
            try (FileChannel out = FileChannel.open(ours, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system()).encode(t, out);
            }
            String list = Run.ok("casync", "list", theirs.toString()).out();
            assertThat(list).contains("keep.o", "docs/b.txt", "src/build/x", "deep/secret", "nested/keep.log", "src/cache")
                    .doesNotContain("a.o\n", "docs/a.tmp", "cache/f", ".hidden1", "ax1", "deep/inner/secret", "#literal\n",
                            "nested/drop.log", "trailing-space-stripped");
            assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
        } finally {
            CatarFixtures.remove(work);
        }
    }
}
