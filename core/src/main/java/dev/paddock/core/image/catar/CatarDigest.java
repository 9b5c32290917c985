package dev.paddock.core.image.catar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * {@code casync digest}: the archive digest is the hash of the catar stream itself, SHA-512/256 when the
 * archive's sha512-256 flag is set, else SHA-256. For a directory it is the digest of its encoding.
 */
public final class CatarDigest {
    private CatarDigest() {}

    /** Digest of an archive stream; the stream is fully validated on the way. */
    public static byte[] ofArchive(ReadableByteChannel in) throws IOException {
        HashingChannel h = new HashingChannel(in);
        try (CatarDecoder d = new CatarDecoder(h)) {
            while (d.next() != null) {
                // validation only; the bytes are hashed as the decoder pulls them
            }
        }
        return h.digest();
    }

    /** Digest of the archive paddock (and casync) would make of {@code dir} with {@code flags}. */
    public static byte[] ofDirectory(Path dir, FeatureFlags flags, IdNames names) throws IOException {
        MessageDigest md = CatarRender.digest(flags);
        WritableByteChannel sink = new WritableByteChannel() {
            boolean open = true;

            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                md.update(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
        new TreeEncoder(flags, names).encode(dir, sink);
        return md.digest();
    }

    /** Hashes what passes through; the algorithm is chosen from the root ENTRY's feature flags (bytes 16..23). */
    private static final class HashingChannel implements ReadableByteChannel {
        private final ReadableByteChannel in;
        private final byte[] head = new byte[24];
        private int headLen;
        private MessageDigest md;

        HashingChannel(ReadableByteChannel in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int start = dst.position();
            int n = in.read(dst);
            if (n > 0) {
                ByteBuffer view = dst.duplicate();
                view.position(start).limit(start + n);
                while (headLen < head.length && view.hasRemaining()) {
                    head[headLen++] = view.get();
                }
                if (md == null && headLen == head.length) {
                    long flags = ByteBuffer.wrap(head, 16, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                    md = CatarRender.digest(new FeatureFlags(flags & FeatureFlags.SHA512_256));
                    md.update(head);
                }
                if (md != null && view.hasRemaining()) {
                    md.update(view);
                }
            }
            return n;
        }

        byte[] digest() {
            if (md == null) {
                MessageDigest m = CatarRender.digest(new FeatureFlags(FeatureFlags.SHA512_256));
                m.update(head, 0, headLen);
                return m.digest();
            }
            return md.digest();
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
