package dev.paddock.sys;

import java.nio.ByteBuffer;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.ObjectParameterInfo;
import com.kenai.jffi.Type;

/**
 * One-shot SHA-512/256 and SHA-256 through OpenSSL's libcrypto, whose assembler is markedly faster than
 * the JDK's SHA-512 on the chunk sizes paddock hashes. {@link #get()} is null when libcrypto cannot be
 * loaded; callers then use {@link java.security.MessageDigest}, which yields the same digests. Called
 * through jffi directly, as {@link LibC} is and for the same reason: no interface to generate at start.
 */
public final class Crypto {
    public enum Algorithm { SHA512_256, SHA256 }

    private static final ObjectParameterInfo DATA_0 = NativeArrays.in(0), MD_2 = NativeArrays.out(2);
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private final Invoker invoker = Invoker.getInstance();
    /** int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size, const EVP_MD *type, ENGINE *impl) */
    private final long evpDigest;
    private final CallContext evpDigestCall;
    private final long sha512_256;
    private final long sha256;

    private Crypto(Library lib) {
        evpDigest = symbol(lib, "EVP_Digest");
        evpDigestCall = CallContext.getCallContext(Type.SINT,
                new Type[] {Type.POINTER, Type.ULONG, Type.POINTER, Type.POINTER, Type.POINTER, Type.POINTER},
                CallingConvention.DEFAULT, false);
        CallContext noArgs = CallContext.getCallContext(Type.POINTER, new Type[0], CallingConvention.DEFAULT, false);
        sha512_256 = invoker.invokeN0(noArgs, symbol(lib, "EVP_sha512_256"));
        sha256 = invoker.invokeN0(noArgs, symbol(lib, "EVP_sha256"));
    }

    private static long symbol(Library lib, String name) {
        long address = lib.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("libcrypto has no " + name);
        }
        return address;
    }

    private static final class Holder {
        static final Crypto INSTANCE = load();

        private static Crypto load() {
            for (String name : new String[] {"libcrypto.so.3", "libcrypto.so"}) {
                try {
                    Library lib = Library.getCachedInstance(name, Library.LAZY | Library.LOCAL);
                    if (lib == null) {
                        continue;
                    }
                    Crypto c = new Crypto(lib);
                    if (c.sha512_256 != 0 && c.sha256 != 0) {
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
        int ok = (int) invoker.invokeN6O2(evpDigestCall, evpDigest, 0, data.length, 0, 0, type(algorithm), 0,
                data, NativeArrays.BYTES, DATA_0, md, NativeArrays.BYTES, MD_2);
        return result(ok, md);
    }

    /**
     * The 32-byte digest of the first {@code length} bytes of a direct buffer (whatever its position):
     * its address goes straight in, where a heap array is first copied whole into native memory.
     */
    public byte[] digest(Algorithm algorithm, ByteBuffer direct, int length) {
        if (!direct.isDirect() || length < 0 || length > direct.capacity()) {
            throw new IllegalArgumentException("digest needs a direct buffer of at least " + length + " bytes");
        }
        byte[] md = new byte[64];
        int ok = (int) invoker.invokeN6O1(evpDigestCall, evpDigest, MEMORY.getDirectBufferAddress(direct), length, 0, 0,
                type(algorithm), 0, md, NativeArrays.BYTES, MD_2);
        return result(ok, md);
    }

    private long type(Algorithm algorithm) {
        return algorithm == Algorithm.SHA256 ? sha256 : sha512_256;
    }

    private static byte[] result(int ok, byte[] md) {
        if (ok != 1) {
            throw new IllegalStateException("EVP_Digest failed");
        }
        return java.util.Arrays.copyOf(md, 32);
    }
}
