package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/**
 * A caller without privileges extracts everything it can (contents, modes, times, user xattrs) and reports
 * what it skipped (owners, device nodes, trusted xattrs, caps) instead of failing.
 */
class NonRootExtractTest {
    @Test
    void unprivilegedExtractionSkipsOwnershipWithWarnings() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("setpriv");
        Path work = Files.createTempDirectory("catar-nonroot");
        try {
            Run.ok("chmod", "755", work.toString());
            Path tree = CatarFixtures.build(work.resolve("tree"), CatarFixtures.Options.all(), 3);
            Path archive = work.resolve("t.catar");
            try (FileChannel out = FileChannel.open(archive, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system()).encode(tree, out);
            }
            Run.ok("chmod", "644", archive.toString());
            // the child JVM cannot read root's Maven repository, so hand it a copy of the class path
            Path cp = Files.createDirectories(work.resolve("cp"));
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path src = Path.of(e);
                if (!Files.exists(src)) {
                    continue;
                }
                Path dst = cp.resolve(i++ + "-" + src.getFileName());
                Run.ok("cp", "-r", src.toString(), dst.toString());
                entries.add(dst.toString());
            }
            Run.ok("chmod", "-R", "a+rX", cp.toString());
            Path out = Files.createDirectories(work.resolve("out"));
            Run.ok("chown", "65534:65534", out.toString());
            Path dest = out.resolve("dest");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Run.Result r = Run.cmd("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                    java, "-cp", String.join(File.pathSeparator, entries), NonRootExtractMain.class.getName(),
                    archive.toString(), dest.toString());
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.out()).contains("warning: not root: file owners are not restored")
                    .contains("warning: not root: device nodes are skipped")
                    .contains("not root, skipping trusted.paddock")
                    .contains("not root, file capabilities skipped");
            assertThat(Files.readAllBytes(dest.resolve("large.bin"))).isEqualTo(Files.readAllBytes(tree.resolve("large.bin")));
            assertThat(Run.ok("stat", "-c", "%u %a", dest.resolve("owned-1000").toString()).out()).isEqualTo("65534 644\n");
            assertThat(Run.ok("getfattr", "--only-values", "-n", "user.zeta", dest.resolve("xattrs").toString()).out())
                    .isEqualTo("last");
            assertThat(dest.resolve("null-like")).doesNotExist();
            assertThat(Run.ok("stat", "-c", "%Y", dest.resolve("plain.txt").toString()).out())
                    .isEqualTo(Run.ok("stat", "-c", "%Y", tree.resolve("plain.txt").toString()).out());
        } finally {
            CatarFixtures.remove(work);
        }
    }
}
