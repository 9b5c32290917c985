package dev.paddock.core.store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import dev.paddock.sys.Crypto;

/** The digest that names chunks: SHA-512/256 (casync's default, feature flag SHA512_256) or SHA-256. */
public enum ChunkDigest {
    SHA512_256("sha512-256", "SHA-512/256"),
    SHA256("sha256", "SHA-256");

    /** The index feature flag that selects SHA-512/256; without it chunks are named by SHA-256. */
    public static final long FLAG_SHA512_256 = 0x2000000000000000L;

    private final String cliName;
    private final String jcaName;

    ChunkDigest(String cliName, String jcaName) {
        this.cliName = cliName;
        this.jcaName = jcaName;
    }

    public String cliName() {
        return cliName;
    }

    public static ChunkDigest parse(String name) {
        for (ChunkDigest d : values()) {
            if (d.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown digest '" + name + "' (use sha512-256 or sha256)");
    }

    public static ChunkDigest fromFlags(long featureFlags) {
        return (featureFlags & FLAG_SHA512_256) != 0 ? SHA512_256 : SHA256;
    }

    public long flag() {
        return this == SHA512_256 ? FLAG_SHA512_256 : 0;
    }

    /** A fresh digest engine; they are not thread-safe, so each worker keeps its own. */
    public MessageDigest newEngine() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is part of every Java 17 runtime", e);
        }
    }

    /** Hashes chunks; one per thread. Uses OpenSSL when it can be loaded, else the JDK (same digests). */
    public final class Hasher {
        private final Crypto crypto = Crypto.get();
        private final MessageDigest engine = crypto == null ? newEngine() : null;

        public ChunkId hash(byte[] data, int off, int len) {
            if (crypto == null) {
                return of(engine, data, off, len);
            }
            byte[] whole = off == 0 && len == data.length ? data : java.util.Arrays.copyOfRange(data, off, off + len);
            return new ChunkId(crypto.digest(algorithm(), whole));
        }

        /** The id of the first {@code len} bytes of a direct buffer, hashed in place. */
        public ChunkId hash(ByteBuffer direct, int len) {
            if (crypto == null) {
                engine.reset();
                engine.update(direct.duplicate().clear().limit(len));
                return new ChunkId(engine.digest());
            }
            return new ChunkId(crypto.digest(algorithm(), direct, len));
        }

        private Crypto.Algorithm algorithm() {
            return ChunkDigest.this == SHA256 ? Crypto.Algorithm.SHA256 : Crypto.Algorithm.SHA512_256;
        }
    }

    public Hasher newHasher() {
        return new Hasher();
    }

    public ChunkId of(MessageDigest engine, byte[] data, int off, int len) {
        engine.reset();
        engine.update(data, off, len);
        return new ChunkId(engine.digest());
    }

    public ChunkId of(byte[] data) {
        return of(newEngine(), data, 0, data.length);
    }
}
