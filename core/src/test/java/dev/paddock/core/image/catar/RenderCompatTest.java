package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

/** list / mtree / digest text against the casync binary, for archives and for directories. */
class RenderCompatTest {
    static Path work;
    static Path tree;

    @BeforeAll
    static void setUp() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("casync");
        work = Files.createTempDirectory("catar-render");
        tree = CatarFixtures.build(work.resolve("tree"), CatarFixtures.Options.all(), 99);
    }

    @AfterAll
    static void tearDown() {
        if (work != null) {
            CatarFixtures.remove(work);
        }
    }

    private Path casyncArchive(String with) {
        Path a = work.resolve("a-" + with.replace('=', '_').replace(' ', '_') + ".catar");
        if (!Files.exists(a)) {
            if (with.isEmpty()) {
                Run.ok("casync", "make", a.toString(), tree.toString());
            } else {
                Run.ok("casync", "make", with, a.toString(), tree.toString());
            }
        }
        return a;
    }

    private static String render(String what, Path archive) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CatarDecoder d = new CatarDecoder(FileChannel.open(archive, StandardOpenOption.READ))) {
            if (what.equals("list")) {
                CatarRender.list(d, out);
            } else {
                CatarRender.mtree(d, out);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--with=unix", "--without=all", "--with=fat", "--with=2sec-time"})
    void listAndMtreeOfArchiveMatchCasync(String with) throws IOException {
        if (with.equals("--with=unix")) {
            return; // the tree has uid 70000, which casync refuses under 16bit-uids; EncoderCompatTest covers unix
        }
        Path a = casyncArchive(with);
        for (String what : new String[] {"list", "mtree"}) {
            String theirs = new String(Run.ok("casync", what, a.toString()).stdout(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(render(what, a)).as(what + " " + with).isEqualTo(theirs);
        }
        String digest = Run.ok("casync", "digest", a.toString()).out();
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.READ)) {
            assertThat(CatarRender.digestLine(CatarDigest.ofArchive(ch))).isEqualTo(digest);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "mtree", "digest"})
    void directoryRenderingsMatchCasync(String what) throws IOException {
        String theirs = new String(Run.ok("casync", what, tree.toString()).stdout(), java.nio.charset.StandardCharsets.ISO_8859_1);
        FeatureFlags flags = FeatureFlags.MAKE_DEFAULT;
        String ours;
        if (what.equals("digest")) {
            ours = CatarRender.digestLine(CatarDigest.ofDirectory(tree, flags, IdNames.system()));
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CatarDecoder d = new CatarDecoder(EncodingSource.open(tree, flags, IdNames.system()))) {
                if (what.equals("list")) {
                    CatarRender.list(d, out);
                } else {
                    CatarRender.mtree(d, out);
                }
            }
            ours = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(ours).isEqualTo(theirs);
    }
}
