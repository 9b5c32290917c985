package dev.paddock.core.image.catar;

import static dev.paddock.core.image.catar.SyntheticArchives.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paddock.sys.Posix;
import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** Owner mapping (uid shift), skipping ownership, and the encoder's refusals. */
class ExtractOptionsTest {
    Path work;

    @BeforeEach
    void setUp() throws IOException {
        Prereqs.requireRoot();
        work = Files.createTempDirectory("catar-opts");
    }

    @AfterEach
    void tearDown() {
        CatarFixtures.remove(work);
    }

    static byte[] ownedArchive(long uid) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CatarWriter w = new CatarWriter(Channels.newChannel(bytes))) {
            w.entry(SyntheticArchives.dir());
            w.child(b("f"));
            w.entry(SyntheticArchives.file(1).withOwner(uid, uid, b("cloudsdk"), null));
            w.payload(b("x"), 0, 1);
            w.endDirectory();
        }
        return bytes.toByteArray();
    }

    void extract(byte[] a, Path dest, TreeExtractor.Options o) throws IOException {
        try (CatarDecoder d = new CatarDecoder(new ByteArrayInputStream(a))) {
            new TreeExtractor(o).extract(d, dest);
        }
    }

    @Test
    void uidShiftMapsNumericIdsAndIgnoresNames() throws IOException {
        Path dest = work.resolve("shifted");
        extract(ownedArchive(1000), dest, TreeExtractor.Options.defaults().withMapping(OwnerMapping.shift(100000, 65536)));
        assertThat(Run.ok("stat", "-c", "%u:%g", dest.resolve("f").toString()).out()).isEqualTo("101000:101000\n");
        assertThat(Run.ok("stat", "-c", "%u:%g", dest.toString()).out()).isEqualTo("100000:100000\n");
    }

    @Test
    void idsOutsideTheMappingFailAndLeaveNothing() throws IOException {
        Path dest = work.resolve("refused");
        assertThatThrownBy(() -> extract(ownedArchive(70000), dest,
                TreeExtractor.Options.defaults().withMapping(OwnerMapping.shift(100000, 65536))))
                .hasMessageContaining("f: uid 70000 is outside the id mapping");
        assertThat(dest).doesNotExist();
        try (var s = Files.list(work)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void namesWinWithoutAMapping() throws IOException {
        Path dest = work.resolve("named");
        extract(ownedArchive(4242), dest, TreeExtractor.Options.defaults());
        assertThat(Run.ok("stat", "-c", "%u:%g", dest.resolve("f").toString()).out()).isEqualTo("1000:4242\n");
    }

    @Test
    void ownershipCanBeSkipped() throws IOException {
        Path dest = work.resolve("unowned");
        TreeExtractor.Options o = new TreeExtractor.Options(OwnerMapping.IDENTITY, false, IdNames.system(), ExtractListener.IGNORE);
        extract(ownedArchive(1000), dest, o);
        assertThat(Run.ok("stat", "-c", "%u", dest.resolve("f").toString()).out()).isEqualTo(Posix.get().geteuid() + "\n");
    }

    @Test
    void encoderRefusesIdsThat16BitCannotHold() throws IOException {
        Path tree = Files.createDirectories(work.resolve("t"));
        Files.writeString(tree.resolve("big"), "x");
        Run.ok("chown", "70000:0", tree.resolve("big").toString());
        FeatureFlags unix = FeatureFlags.forMake(new FeatureFlags.Options(List.of("unix"), List.of(), true, false, true, true));
        assertThatThrownBy(() -> new TreeEncoder(unix, IdNames.system()).encode(tree, Channels.newChannel(new ByteArrayOutputStream())))
                .hasMessageContaining("/big: owner 70000:0 does not fit the 16bit-uids feature");
    }

    @Test
    void encoderRejectsInvalidExcludeRules() throws IOException {
        Path tree = Files.createDirectories(work.resolve("t"));
        Files.writeString(tree.resolve(".caexclude"), "ok\na/../b\n");
        assertThatThrownBy(() -> new TreeEncoder(FeatureFlags.MAKE_DEFAULT, IdNames.system())
                .encode(tree, Channels.newChannel(new ByteArrayOutputStream())))
                .hasMessageContaining(".caexclude: invalid exclude rule 'a/../b'");
    }
}
