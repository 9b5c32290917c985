package dev.paddock.core.image.catar;

import static dev.paddock.core.image.catar.SyntheticArchives.b;
import static dev.paddock.core.image.catar.SyntheticArchives.dir;
import static dev.paddock.core.image.catar.SyntheticArchives.file;
import static dev.paddock.core.image.catar.SyntheticArchives.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paddock.testing.Prereqs;

/** Crafted archives that try to escape DEST or break the decoder: each fails cleanly and leaves nothing behind. */
class HostileArchiveTest {
    Path work;
    Path dest;
    Path outside;

    interface Body {
        void write(CatarWriter w) throws IOException;
    }

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("catar-hostile");
        dest = work.resolve("dest");
        outside = work.resolve("outside");
        Files.createDirectories(outside);
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    static byte[] archive(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CatarWriter w = new CatarWriter(Channels.newChannel(bytes))) {
            w.entry(dir());
            body.write(w);
            w.endDirectory();
        }
        return bytes.toByteArray();
    }

    void extract(byte[] archive) throws IOException {
        try (CatarDecoder d = new CatarDecoder(new ByteArrayInputStream(archive))) {
            new TreeExtractor(TreeExtractor.Options.defaults()).extract(d, dest);
        }
    }

    /** The extraction failed with a one-line CatarFormatException and left no trace anywhere. */
    void assertRejected(byte[] archive, String messagePart) throws IOException {
        assertThatThrownBy(() -> extract(archive)).isInstanceOf(CatarFormatException.class)
                .hasMessageContaining(messagePart).hasMessageStartingWith("invalid catar at byte ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(dest).doesNotExist();
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("outside");
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }

    static void put(CatarWriter w, String name, String content) throws IOException {
        w.child(b(name));
        w.entry(SyntheticArchives.file(content.length()));
        w.payload(b(content), 0, content.length());
    }

    @Test
    void dotDotNameIsRejected() throws IOException {
        assertRejected(archive(w -> put(w, "..", "escape")), "FILENAME '..' is not allowed");
    }

    @Test
    void slashInNameIsRejected() throws IOException {
        String target = "../outside/pwned";
        assertRejected(archive(w -> put(w, target, "escape")), "contains '/'");
    }

    @Test
    void emptyAndDotNamesAreRejected() throws IOException {
        assertRejected(archive(w -> put(w, ".", "x")), "is not allowed");
        assertRejected(archive(w -> {
            w.child(new byte[0]);
            w.entry(file(0));
        }), "FILENAME size 17 out of range");
    }

    @Test
    void nulInNameIsRejected() throws IOException {
        assertRejected(archive(w -> {
            w.child(new byte[] {'a', 0, 'b'});
            w.entry(file(0));
        }), "contains NUL");
    }

    @Test
    void fileThroughArchiveSymlinkIsRejected() throws IOException {
        // "a" -> outside, then a directory "a" holding "b": a naive extractor would write outside/b
        assertRejected(archive(w -> {
            w.child(b("a"));
            w.entry(symlink(outside.toString()));
            w.child(b("a"));
            w.entry(dir());
            put(w, "b", "pwned");
            w.endDirectory();
        }), "not sorted after 'a' (duplicate or out of order)");
        assertRejected(archive(w -> {
            w.child(b("a"));
            w.entry(symlink(outside.toString()));
            put(w, "a/b", "pwned");
        }), "contains '/'");
    }

    @Test
    void duplicateAndUnsortedNamesAreRejected() throws IOException {
        assertRejected(archive(w -> {
            put(w, "x", "1");
            put(w, "x", "2");
        }), "duplicate or out of order");
        assertRejected(archive(w -> {
            put(w, "b", "1");
            put(w, "a", "2");
        }), "duplicate or out of order");
    }

    @Test
    void truncatedArchivesAreRejectedAtEveryCut() throws IOException {
        byte[] valid = SyntheticArchives.valid();
        for (int cut = 0; cut < valid.length; cut += 7) {
            byte[] t = Arrays.copyOf(valid, cut);
            assertThatThrownBy(() -> extract(t)).as("cut at %d", cut).isInstanceOf(CatarFormatException.class);
            assertThat(dest).doesNotExist();
        }
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("outside");
        }
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        byte[] a = SyntheticArchives.valid();
        a[8] ^= 1;
        assertRejected(a, "does not start with an ENTRY");
        assertRejected(new byte[] {'h', 'e', 'l', 'l', 'o'}, "truncated");
        assertRejected(new byte[0], "empty archive");
    }

    @Test
    void hugeSizesAreRejectedWithoutAllocating() throws IOException {
        byte[] valid = archive(w -> put(w, "f", "data"));
        // the FILENAME object of "f" starts right after the root ENTRY (64 bytes)
        byte[] a = valid.clone();
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putLong(64, Long.MAX_VALUE);
        assertRejected(a, "FILENAME size");
        // PAYLOAD header: 64 root + 18 filename + 64 entry
        byte[] p = valid.clone();
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 18 + 64, Long.MAX_VALUE - 5);
        assertRejected(p, "truncated inside a PAYLOAD");
        byte[] g = valid.clone();
        ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).putLong(valid.length - 64, -2L);
        assertRejected(g, "GOODBYE");
    }

    @Test
    void goodbyeTableMismatchIsRejected() throws IOException {
        byte[] valid = archive(w -> {
            put(w, "f", "data");
            put(w, "g", "more");
        });
        byte[] a = valid.clone();
        // first item's hash inside the final GOODBYE (16 header + 2 items + tail = 88 bytes)
        a[valid.length - 88 + 16 + 16] ^= 1;
        assertRejected(a, "GOODBYE table of . does not match its entries (item 0)");
    }

    @Test
    void trailingGarbageIsRejected() throws IOException {
        byte[] valid = SyntheticArchives.valid();
        byte[] a = Arrays.copyOf(valid, valid.length + 3);
        assertRejected(a, "trailing bytes");
    }

    @Test
    void nonEmptyDestIsRefusedAndUntouched() throws IOException {
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("keep"), "mine");
        assertThatThrownBy(() -> extract(SyntheticArchives.valid())).hasMessageContaining("exists and is not empty");
        assertThat(dest.resolve("keep")).hasContent("mine");
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("outside", "dest");
        }
    }

    @Test
    void xattrsOutsideUserAndTrustedAreNotRestored() throws IOException {
        Prereqs.requireRoot();
        byte[] a = archive(w -> {
            w.child(b("f"));
            EntryMetadata m = SyntheticArchives.file(0);
            w.entry(new EntryMetadata(m.features(), m.mode(), 0, 0, 0, m.mtimeNanos(), null, null,
                    java.util.List.of(new Xattr(b("security.capability"), new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
                            new Xattr(b("user.ok"), b("1"))),
                    java.util.List.of(), java.util.List.of(), -1, null, java.util.List.of(), java.util.List.of(), null, null, 0, 0,
                    null, -1, -1));
        });
        java.util.List<String> warnings = new java.util.ArrayList<>();
        try (CatarDecoder d = new CatarDecoder(new ByteArrayInputStream(a))) {
            new TreeExtractor(TreeExtractor.Options.defaults().withListener(warnings::add)).extract(d, dest);
        }
        assertThat(warnings).containsExactly("f: skipping xattr security.capability outside user.* and trusted.*");
        String attrs = dev.paddock.testing.Run.ok("getfattr", "-d", "-m", "-", dest.resolve("f").toString()).out();
        assertThat(attrs).contains("user.ok=\"1\"").doesNotContain("security.capability");
    }

    @Test
    void validSyntheticArchiveExtracts() throws IOException {
        Prereqs.requireRoot();
        extract(SyntheticArchives.valid());
        assertThat(dest.resolve("a.txt")).hasContent("hello world");
        assertThat(Files.readSymbolicLink(dest.resolve("link"))).hasToString("a.txt");
        assertThat(dest.resolve("sub/f6")).hasContent("content 6".repeat(18));
    }
}
