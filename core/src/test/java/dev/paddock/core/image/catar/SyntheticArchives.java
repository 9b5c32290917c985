package dev.paddock.core.image.catar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small archives written object by object, for codec tests that need no filesystem. */
final class SyntheticArchives {
    static final FeatureFlags FLAGS = FeatureFlags.MAKE_DEFAULT;

    private SyntheticArchives() {}

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static EntryMetadata dir() {
        return EntryMetadata.simple(FLAGS, CatarFormat.S_IFDIR | 0755, 1_600_000_000_123_456_789L);
    }

    static EntryMetadata file(int size) {
        return EntryMetadata.simple(FLAGS, CatarFormat.S_IFREG | 0644, 1_600_000_001_000_000_001L).withPayloadSize(size);
    }

    static EntryMetadata symlink(String target) {
        return EntryMetadata.simple(FLAGS, CatarFormat.S_IFLNK | 0777, 1_600_000_002_000_000_000L).withSymlink(b(target));
    }

    /** A valid archive with files, a subdirectory, a symlink, a fifo, xattrs, ACLs and owner names. */
    static byte[] valid() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CatarWriter w = new CatarWriter(Channels.newChannel(bytes))) {
            w.entry(dir());
            w.child(b("a.txt"));
            EntryMetadata a = new EntryMetadata(FLAGS, CatarFormat.S_IFREG | 0640, 0, 1000, 100, 1_600_000_003_000_000_000L,
                    b("cloudsdk"), b("users"), List.of(new Xattr(b("user.a"), b("1")), new Xattr(b("user.b"), new byte[0])),
                    List.of(new AclEntry(1000, 6, b("cloudsdk"))), List.of(new AclEntry(100, 4, b("users"))), 4, null,
                    List.of(), List.of(), null, null, 0, 11, null, -1, -1);
            w.entry(a);
            w.payload(b("hello world"), 0, 11);
            w.child(b("fifo"));
            w.entry(EntryMetadata.simple(FLAGS, CatarFormat.S_IFIFO | 0600, 1_600_000_004_000_000_000L));
            w.child(b("link"));
            w.entry(symlink("a.txt"));
            w.child(b("sub"));
            w.entry(dir());
            for (int i = 0; i < 7; i++) {
                w.child(b("f" + i));
                byte[] data = ("content " + i).repeat(i * 3).getBytes(StandardCharsets.UTF_8);
                w.entry(file(data.length));
                w.payload(data, 0, data.length);
            }
            w.endDirectory();
            w.child(b("z-empty"));
            w.entry(file(0));
            w.endDirectory();
        }
        return bytes.toByteArray();
    }
}
