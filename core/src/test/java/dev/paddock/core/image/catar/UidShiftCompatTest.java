package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;

import dev.paddock.core.shift.IdShift;
import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** A shifted container tree (ids 100000+) encodes like casync make --uid-shift and extracts back shifted. */
class UidShiftCompatTest {
    @Test
    void shiftedTreeEncodesLikeCasyncUidShift() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("casync");
        Path work = Files.createTempDirectory("catar-uidshift");
        try {
            Path t = Files.createDirectories(work.resolve("tree"));
            Files.writeString(t.resolve("root-owned"), "r");
            Files.writeString(t.resolve("user-owned"), "u");
            Files.createDirectories(t.resolve("home"));
            Run.ok("setfacl", "-m", "u:101000:rw", t.resolve("user-owned").toString());
            Run.ok("chown", "-R", "100000:100000", t.toString());
            Run.ok("chown", "101000:100100", t.resolve("user-owned").toString());
            Path theirs = work.resolve("c.catar");
            Path ours = work.resolve("p.catar");
            Run.ok("casync", "make", "--uid-shift=100000", "--uid-range=65536", theirs.toString(), t.toString());
            OwnerMapping unshift = OwnerMapping.of(new IdShift(100000, 0, 65536));
            try (FileChannel out = FileChannel.open(ours, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system(), unshift).encode(t, out);
            }
            assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
            assertThat(Run.ok("casync", "mtree", ours.toString()).out()).contains("user-owned type=file mode=0664 size=1 uid=1000 gid=100");
            Path back = work.resolve("back");
            try (FileChannel in = FileChannel.open(ours, StandardOpenOption.READ); CatarDecoder d = new CatarDecoder(in)) {
                new TreeExtractor(TreeExtractor.Options.defaults().withMapping(OwnerMapping.of(new IdShift(0, 100000, 65536))))
                        .extract(d, back);
            }
            assertThat(Run.ok("stat", "-c", "%u:%g", back.resolve("user-owned").toString()).out()).isEqualTo("101000:100100\n");
            assertThat(Run.ok("getfacl", "-n", "-p", back.resolve("user-owned").toString()).out()).contains("user:101000:rw-");
        } finally {
            CatarFixtures.remove(work);
        }
    }
}
