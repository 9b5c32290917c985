package dev.paddock.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * One-shot SHA-512/256 and SHA-256 through OpenSSL's libcrypto, whose assembler is markedly faster than
 * the JDK's SHA-512 on the chunk sizes paddock hashes. {@link #get()} is null when libcrypto cannot be
 * loaded; callers then use {@link java.security.MessageDigest}, which yields the same digests.
 */
public final class Crypto {
    public enum Algorithm { SHA512_256, SHA256 }

    private final LibCrypto lib;
    private final Pointer sha512_256;
    private final Pointer sha256;

    private Crypto(LibCrypto lib) {
        this.lib = lib;
        this.sha512_256 = lib.EVP_sha512_256();
        this.sha256 = lib.EVP_sha256();
    }

    private static final class Holder {
        static final Crypto INSTANCE = load();

        private static Crypto load() {
            for (String name : new String[] {"crypto", "libcrypto.so.3"}) {
                try {
                    Crypto c = new Crypto(LibraryLoader.create(LibCrypto.class).failImmediately().load(name));
                    if (c.sha512_256 != null && c.sha256 != null) {
                        return c;
                    }
                } catch (LinkageError | RuntimeException e) {
                    // try the next name; without libcrypto the JDK digests are used
                }
            }
            return null;
        }
    }

    /** The loaded library, or null if libcrypto is not available. */
    public static Crypto get() {
        return Holder.INSTANCE;
    }

    /** The 32-byte digest of all of {@code data}. */
    public byte[] digest(Algorithm algorithm, byte[] data) {
        byte[] md = new byte[64];
        int ok = lib.EVP_Digest(data, data.length, md, null, algorithm == Algorithm.SHA256 ? sha256 : sha512_256, null);
        if (ok != 1) {
            throw new IllegalStateException("EVP_Digest failed");
        }
        return java.util.Arrays.copyOf(md, 32);
    }
}
